"""Importing 360Giving grants as awards: validated row by row, in one transaction, idempotent by
grant id, in batches so that a million grants need neither a million queries nor the memory."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from app.awards.aggregates import Refresh
from app.awards.export import grant_of
from app.awards.grants360 import without_ours
from app.awards.models import Award
from app.core import clock
from app.core.bulk import insert_many, large_page_cache
from app.core.collector import few_collections
from app.core.metrics import IMPORT_ROWS, import_running
from app.core.money import pence_to_pounds
from app.imports.changelog import AwardChange, AwardCreated, after_awards_imported
from app.imports.checking import RowChecker
from app.imports.links import CurrentLinks, insert_links, replace_links
from app.imports.lookups import Lookups
from app.imports.mapping import GrantRecord
from app.imports.pipeline import overlapped
from app.imports.pkset import PkSet
from app.imports.reader import ReadError
from app.imports.schemas import ImportReport, MoneyTotal, RowProblem

BATCH_SIZE = 2000
# The Award values an import compares to decide between "updated" and "unchanged".
COMPARED = (
    "title",
    "description",
    "amount_pence",
    "currency",
    "award_date",
    "planned_start",
    "planned_end",
    "locations",
    "raw",
    "funder_pk",
    "recipient_pk",
    "recipient_individual",
    "stream_pk",
)


def _batches(rows: Iterable[tuple[int, Any]]) -> Iterator[list[tuple[int, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


class _Importer:
    def __init__(
        self,
        session: Session,
        report: ImportReport,
        *,
        actor: str,
        funder_org_ids: frozenset[str] | None,
        repair: bool = False,
    ) -> None:
        self.session = session
        self.report = report
        self.actor = actor
        self.funder_org_ids = funder_org_ids
        self.refresh = Refresh(session)
        self.lookups = Lookups(session)
        self.checker = RowChecker(
            report,
            known_boroughs=self.lookups.boroughs,
            funder_org_ids=funder_org_ids,
            repair=repair,
            known_terms=self.lookups.terms,
        )
        # pks written by this import, to refuse a grant id that comes twice in one file.
        self.touched = PkSet()
        self.totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.now = clock.utcnow()

    def write(self, records: list[tuple[int, GrantRecord]], file_name: str) -> None:
        orgs = self.lookups.organisation_pks(r.recipient for _, r in records if r.recipient)
        existing = {
            row.identifier: row
            for row in self.session.execute(
                select(Award.pk, Award.identifier, *(getattr(Award, c) for c in COMPARED)).where(
                    Award.identifier.in_([r.identifier for _, r in records])
                )
            )
        }
        links = CurrentLinks(self.session, [e.pk for e in existing.values()])
        new_rows: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        changes: list[AwardChange] = []
        new_records: list[GrantRecord] = []
        for row, record in records:
            funder_pk = self.lookups.funder_pk(record.funder)
            values = record.columns() | {
                "funder_pk": funder_pk,
                "recipient_pk": orgs[record.recipient.org_id] if record.recipient else None,
                "stream_pk": self.lookups.stream_pk(
                    funder_pk, record.programme_title, record.programme_code
                ),
            }
            current = existing.get(record.identifier)
            if current is not None and current.pk in self.touched:
                self.checker.reject(
                    row, record.raw, ("id", "the grant id appears twice in the file")
                )
                continue
            if (
                current is not None
                and self.funder_org_ids is not None
                and current.funder_pk != funder_pk
            ):
                self.checker.reject(
                    row, record.raw, ("id", "this grant id is another funder's award")
                )
                continue
            self.totals[record.currency][0] += 1
            self.totals[record.currency][1] += record.amount_pence
            provenance = {"provenance": "import", "import_file": file_name, "import_row": row}
            if current is None:
                new_rows.append(values | provenance)
                new_records.append(record)
                continue
            self.touched.add(current.pk)
            changed = {
                c: (getattr(current, c), values[c])
                for c in COMPARED
                if getattr(current, c) != values[c]
            }
            if (
                "raw" in changed
                and current.raw is None
                and self._as_published(current.pk) == record.raw
            ):
                # A seeded or typed-in award, given back as Signpost publishes it: the file
                # says nothing new, so the award keeps no published grant of its own.
                del changed["raw"]
                values["raw"] = None
            changed |= links.changes(current.pk, record)
            if not changed:
                self.report.unchanged += 1
                continue
            self.report.updated += 1
            updates.append(
                {
                    "pk": current.pk,
                    **{c: values[c] for c in COMPARED},
                    **provenance,
                    "updated_at": self.now,
                }
            )
            changes.append(AwardChange(current.pk, record.identifier, changed))
        created_pks = self._insert(new_rows)
        insert_links(self.session, zip(created_pks, new_records, strict=True))
        self._update(updates, changes)
        after_awards_imported(
            self.session,
            actor=self.actor,
            created=[
                AwardCreated(pk, values["funder_pk"], record)
                for pk, values, record in zip(created_pks, new_rows, new_records, strict=True)
            ],
            updated=changes,
            refresh=self.refresh,
        )

    def _as_published(self, pk: int) -> dict[str, Any]:
        """The 360Giving grant Signpost publishes for an award (its export)."""
        award = self.session.scalars(
            select(Award).where(Award.pk == pk).execution_options(populate_existing=True)
        ).one()
        grant = without_ours(grant_of(award, self.lookups.term_labels))
        # The import writes with Core: the ORM object would go stale in the session.
        self.session.expunge(award)
        return grant

    def _insert(self, rows: list[dict[str, Any]]) -> list[int]:
        if not rows:
            return []
        table = cast(Table, Award.__table__)
        # A plain executemany, then one indexed lookup of the new ids: RETURNING in parameter
        # order makes SQLite insert row by row.
        insert_many(self.session, table, rows)
        identifiers = [row["identifier"] for row in rows]
        pk_of = dict(
            self.session.execute(
                select(table.c.identifier, table.c.pk).where(table.c.identifier.in_(identifiers))
            ).all()
        )
        pks = [pk_of[identifier] for identifier in identifiers]
        self.report.created += len(pks)
        self.touched.update(pks)
        return pks

    def _update(self, rows: list[dict[str, Any]], changes: list[AwardChange]) -> None:
        if not rows:
            return
        # Core, not the ORM's bulk update: the version must move on (optimistic concurrency)
        # for every award an import changes, as for any other write.
        table = cast(Table, Award.__table__)
        columns = [c for c in rows[0] if c != "pk"]
        self.session.execute(
            update(table)
            .where(table.c.pk == bindparam("b_pk"))
            .values({c: bindparam(f"b_{c}") for c in columns} | {"version": table.c.version + 1}),
            [{f"b_{k}": v for k, v in row.items()} for row in rows],
        )
        replace_links(self.session, ((c.pk, c.changes) for c in changes))


def _counted(grants: Iterable[tuple[int, Any]], report: ImportReport) -> Iterator[tuple[int, Any]]:
    for item in grants:
        report.rows_read += 1
        yield item


def import_grants(
    *,
    session: Session,
    grants: Iterable[tuple[int, Any]],
    file_name: str,
    dry_run: bool = False,
    skip_invalid: bool = False,
    repair: bool = False,
    progress: Callable[[int], None] | None = None,
    actor: str = "import",
    funder_org_ids: frozenset[str] | None = None,
) -> ImportReport:
    """Imports (row, grant) pairs as awards and reports what happened.

    Everything happens in a savepoint of the caller's transaction, released only when the
    import is accepted: a dry run, a file that cannot be read, or any refused row (unless
    `skip_invalid`) rolls it back, so the database is left as it was. `actor` names the writer in
    the change log; `funder_org_ids`, when given, limits the grants to those funders' (a funder
    key's import); `repair` fixes well-known slips in optional fields (app/imports/repair.py).
    """
    report = ImportReport(file=file_name, dry_run=dry_run, repair=repair)
    with large_page_cache(session), few_collections(), import_running():
        savepoint = session.begin_nested()
        unreadable = False
        try:
            importer = _Importer(
                session, report, actor=actor, funder_org_ids=funder_org_ids, repair=repair
            )

            def checked() -> Iterator[list[tuple[int, GrantRecord]]]:
                for batch in _batches(_counted(grants, report)):
                    records = importer.checker.accepted(batch)
                    IMPORT_ROWS.inc(len(batch))
                    if progress:
                        progress(report.rows_read)
                    # Once a row is refused the import will be rolled back: write no more.
                    if records and (skip_invalid or not report.rejected):
                        yield records

            overlapped(checked(), lambda records: importer.write(records, file_name))
            importer.refresh.finish()
            report.totals = [
                MoneyTotal(currency=c, count=n, amount=pence_to_pounds(p) or 0)
                for c, (n, p) in sorted(importer.totals.items())
            ]
        except ReadError as exc:
            unreadable = True
            report.rejected += 1
            report.reject(RowProblem(row=exc.row, id=None, field="", reason=exc.reason))
        except BaseException:
            savepoint.rollback()
            raise
        # A file that cannot be read to its end is refused whole, even with skip_invalid.
        refused = unreadable or bool(report.rejected and not skip_invalid)
        if dry_run or refused:
            savepoint.rollback()
        else:
            savepoint.commit()
            report.imported = True
        if refused:
            # Counts of what would have been written mean nothing once the import is refused.
            report.created = report.updated = report.unchanged = 0
        return report
