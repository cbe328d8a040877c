"""Checking an import's rows before anything is written: each grant validated and mapped, and
refused (with its row, field and reason in the report) when it is not fit to import. No database:
this runs while the previous batch is being written (`pipeline.overlapped`)."""

from __future__ import annotations

import threading
from typing import Any

from app.imports.mapping import GrantRecord, MappingError, map_grant
from app.imports.repair import Repair, repair_grant
from app.imports.schemas import ImportReport, RowProblem
from app.imports.validation import GrantValidator


def _id(grant: Any) -> str | None:
    grant_id = grant.get("id") if isinstance(grant, dict) else None
    return grant_id if isinstance(grant_id, str) else None


class RowChecker:
    def __init__(
        self,
        report: ImportReport,
        *,
        known_boroughs: frozenset[str],
        funder_org_ids: frozenset[str] | None,
        repair: bool = False,
        known_terms: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        self.report = report
        self.known_terms = known_terms
        self.repair = repair
        self.known_boroughs = known_boroughs
        self.funder_org_ids = funder_org_ids
        self.validator = GrantValidator()
        # The writing thread refuses rows too (a grant id already written by this import).
        self._lock = threading.Lock()

    def reject(self, row: int, grant: Any, *problems: tuple[str, str]) -> None:
        """Counts the grant at `row` as refused, for each (field, reason) given."""
        with self._lock:
            self.report.rejected += 1
            for field, reason in problems:
                self.report.reject(RowProblem(row=row, id=_id(grant), field=field, reason=reason))

    def _repaired(self, row: int, grant: Any) -> Any:
        """Repair mode: the grant with its slips fixed, each repair reported as a warning."""
        if not isinstance(grant, dict):
            return grant
        grant, repairs = repair_grant(grant)
        if repairs:
            with self._lock:
                self.report.repaired += 1
                for r in repairs:
                    self.report.warn(_repair_warning(row, grant, r))
        return grant

    def _would_repair(self, grant: Any) -> bool:
        """Strict mode, a refused grant: whether repair mode would have imported it."""
        if not isinstance(grant, dict):
            return False
        fixed, repairs = repair_grant(grant)
        return bool(repairs) and not self.validator.problems(fixed)

    def accepted(self, batch: list[tuple[int, Any]]) -> list[tuple[int, GrantRecord]]:
        """The batch's grants fit to import, mapped; the others reported."""
        records: dict[str, tuple[int, GrantRecord]] = {}
        for row, published in batch:
            grant = self._repaired(row, published) if self.repair else published
            problems = self.validator.problems(grant)
            if problems:
                if not self.repair and self._would_repair(grant):
                    with self._lock:
                        self.report.repairable += 1
                self.reject(row, grant, *((p.field, p.reason) for p in problems))
                continue
            try:
                record = map_grant(
                    grant, known_boroughs=self.known_boroughs, known_terms=self.known_terms
                )
            except MappingError as exc:
                self.reject(row, grant, (exc.problem.field, exc.problem.reason))
                continue
            if self.funder_org_ids is not None and record.funder.org_id not in self.funder_org_ids:
                own = ", ".join(sorted(self.funder_org_ids)) or "none with an org-id"
                reason = (
                    f"this key may import only grants of its own funders ({own}), "
                    f"not {record.funder.org_id}"
                )
                self.reject(row, grant, ("fundingOrganization/0/id", reason))
                continue
            if record.identifier in records:
                first = records[record.identifier][0]
                self.reject(
                    row, grant, ("id", f"the grant id appears again (first at row {first})")
                )
                continue
            with self._lock:
                for warning in record.warnings:
                    self.report.warn(
                        RowProblem(
                            row=row,
                            id=record.identifier,
                            field=warning.field,
                            reason=warning.reason,
                        )
                    )
            records[record.identifier] = (row, record)
        return list(records.values())


def _repair_warning(row: int, grant: dict[str, Any], repair: Repair) -> RowProblem:
    return RowProblem(
        row=row,
        id=_id(grant),
        field=repair.field,
        reason=f"repaired: {repair.before!r} became {repair.after!r}",
        before=repair.before,
        after=repair.after,
    )
