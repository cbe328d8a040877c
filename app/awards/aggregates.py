"""Keeping the aggregate tables (award_cells) in step with the awards.

Every path that creates, changes or deletes awards calls `refresh_awards(session, award_pks)` in
the same transaction, after flushing its changes (the seed loader does; the write API and the
360Giving import must). It also keeps `award_places`, the overlap check's borough-and-activity
index. It takes back what each award contributed when last aggregated
(`aggregated_awards`) and adds what it contributes now, so the cells stay exact after any write;
an award pk that no longer exists is simply taken back. `rebuild` recomputes everything (after a
bulk load that bypassed the ORM).

Only GBP awards are aggregated: sums across currencies would mean nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.awards.aggregate_models import AggregatedAward, AwardCell, AwardPlace
from app.awards.models import Award, AwardBorough, AwardTerm
from app.awards.period import Period, award_period
from app.awards.split import Cell, award_cells, month_of
from app.core.bulk import insert_many

CURRENCY = "GBP"
_CHUNK = 500


@dataclass(frozen=True)
class _Snapshot:
    award_pk: int
    award_date: dt.date | None
    currency: str
    funder: str
    amount_pence: int
    boroughs: str
    activities: str
    violence_types: str
    # Not stored in aggregated_awards: only for the award_places rows.
    period: Period | None = None
    groups: tuple[str, ...] = ()

    def cells(self, tables: Collection[str] | None = None) -> dict[Cell, int]:
        if self.currency != CURRENCY:
            return {}
        return award_cells(
            tables=tables,
            amount_pence=self.amount_pence,
            month=month_of(self.award_date),
            keys={
                "borough": self.boroughs.split(),
                "activity": self.activities.split(),
                "violence_type": self.violence_types.split(),
                "funder": [self.funder],
            },
        )

    def row(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in _PLACES_ONLY}

    def places(self) -> list[dict[str, Any]]:
        if self.period is None:
            return []
        return [
            {
                "award_pk": self.award_pk,
                "gss_code": code,
                "activity": slug,
                "beneficiary_group": group,
                "starts": self.period.start,
                "ends": self.period.end,
            }
            for code in self.boroughs.split()
            for slug in self.activities.split()
            # "" stands for no group: the row still records the borough and activity.
            for group in self.groups or ("",)
        ]


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


Which = Callable[[Any], ColumnElement[bool]]


def _among(pks: Sequence[int]) -> Which:
    return lambda column: column.in_(pks)


def _between(first: int, last: int) -> Which:
    # A pk range keeps long IN lists out of a bulk rebuild.
    return lambda column: column.between(first, last)


def _snapshot(
    pk: int,
    award_date: dt.date | None,
    currency: str,
    funder_pk: int,
    amount_pence: int,
    planned_start: dt.date | None,
    planned_end: dt.date | None,
    boroughs: Iterable[str],
    terms: Mapping[str, Iterable[str]],
) -> _Snapshot:
    return _Snapshot(
        pk,
        award_date,
        currency,
        str(funder_pk),
        amount_pence,
        " ".join(sorted(boroughs)),
        " ".join(sorted(terms.get("activity", ()))),
        " ".join(sorted(terms.get("violence_type", ()))),
        award_period(award_date, planned_start, planned_end),
        tuple(sorted(terms.get("beneficiary_group", ()))),
    )


def _snapshots(session: Session, which: Which) -> list[_Snapshot]:
    """What the awards picked by `which(pk column)` look like now (a deleted one, soft or not,
    is absent: its contribution is taken back)."""
    boroughs: defaultdict[int, list[str]] = defaultdict(list)
    terms: defaultdict[int, defaultdict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for pk, code in session.execute(
        select(AwardBorough.award_pk, AwardBorough.gss_code).where(which(AwardBorough.award_pk))
    ):
        boroughs[pk].append(code)
    for pk, vocabulary, slug in session.execute(
        select(AwardTerm.award_pk, AwardTerm.vocabulary, AwardTerm.slug).where(
            which(AwardTerm.award_pk),
            AwardTerm.vocabulary.in_(("activity", "violence_type", "beneficiary_group")),
        )
    ):
        terms[pk][vocabulary].append(slug)
    rows = session.execute(
        select(
            Award.pk,
            Award.award_date,
            Award.currency,
            Award.funder_pk,
            Award.amount_pence,
            Award.planned_start,
            Award.planned_end,
        ).where(which(Award.pk), Award.deleted_at.is_(None))
    )
    return [
        _snapshot(*row, boroughs=boroughs.get(row.pk, ()), terms=terms.get(row.pk, {}))
        for row in rows
    ]


def _previous(session: Session, pks: Sequence[int]) -> list[_Snapshot]:
    table = _table(AggregatedAward)
    rows = session.execute(
        select(*(table.c[k] for k in _FIELDS)).where(table.c.award_pk.in_(pks))
    ).mappings()
    return [_Snapshot(**row) for row in rows]


def _table(model: type[Any]) -> Table:
    # Core tables, not ORM entities, for bulk statements: the ORM's bulk path costs several
    # times more per row, which a million-grant import feels.
    table: Table = model.__table__
    return table


def _add(delta: dict[Cell, list[int]], snapshots: Iterable[_Snapshot], sign: int) -> None:
    for snapshot in snapshots:
        for cell, pence in snapshot.cells().items():
            entry = delta.setdefault(cell, [0, 0])
            entry[0] += sign * pence
            entry[1] += sign


def _upsert(session: Session, delta: dict[Cell, list[int]]) -> None:
    """Adds the delta to the cells, creating missing ones; drops cells left with no award."""
    # In key order: the writes then go through the cells' B-tree from one end to the other, each
    # page read once, instead of at random (an import's change is ~200,000 cells at a time).
    rows: list[dict[str, Any]] = [
        {"dims": d, "key_a": a, "key_b": b, "month": m, "amount_pence": p, "award_count": n}
        for (d, a, b, m), (p, n) in sorted(delta.items())
        if p or n
    ]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    cells_table = _table(AwardCell)
    stmt = module.insert(cells_table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["dims", "key_a", "key_b", "month"],
        set_={
            "amount_pence": cells_table.c.amount_pence + stmt.excluded.amount_pence,
            "award_count": cells_table.c.award_count + stmt.excluded.award_count,
        },
    )
    for start in range(0, len(rows), 5000):
        insert_many(session, cells_table, rows[start : start + 5000], statement=stmt)
    emptied = [r for r in rows if r["award_count"] < 0]
    if emptied:
        table: Table = AwardCell.__table__  # type: ignore[assignment]
        cells = table.c
        session.connection().execute(
            delete(table).where(
                cells.dims == _bind("dims"),
                cells.key_a == _bind("key_a"),
                cells.key_b == _bind("key_b"),
                cells.month == _bind("month"),
                cells.award_count == 0,
            ),
            [{f"b_{k}": r[k] for k in ("dims", "key_a", "key_b", "month")} for r in emptied],
        )


def _bind(name: str) -> Any:
    return bindparam(f"b_{name}")


def _insert_rows(session: Session, snapshots: Sequence[_Snapshot]) -> None:
    insert_many(session, _table(AggregatedAward), [s.row() for s in snapshots])
    insert_many(session, _table(AwardPlace), [place for s in snapshots for place in s.places()])


@dataclass(frozen=True)
class NewAward:
    """An award just inserted, with no terms yet (as an import creates them): what its
    aggregates need, so that they come from the values written instead of being read back."""

    pk: int
    award_date: dt.date | None
    currency: str
    funder_pk: int
    amount_pence: int
    planned_start: dt.date | None
    planned_end: dt.date | None
    borough_codes: Sequence[str]


class Refresh:
    """Refreshes the aggregates of award after award, adding the cells' change up in memory and
    writing it in `finish`, or sooner when it has grown to DELTA_CELLS cells (an import calls
    `awards` or `created` per batch and `finish` at the end: the cells are then written a few
    times, not once per batch, and the change held in memory stays bounded). Both run in the
    writer's transaction."""

    # A few hundred bytes a cell in memory. The bench's million grants leave ~520,000 cells; at
    # this bound they take ~1.2 million cell writes in all (5 writes) instead of 520,000 (one).
    DELTA_CELLS = 200_000

    def __init__(self, session: Session) -> None:
        self.session = session
        self.delta: dict[Cell, list[int]] = {}

    def awards(self, award_pks: Iterable[int]) -> None:
        self.session.flush()
        for chunk in _chunks(sorted(set(award_pks))):
            before = _previous(self.session, chunk)
            after = _snapshots(self.session, _among(chunk))
            _add(self.delta, before, -1)
            _add(self.delta, after, +1)
            self.session.execute(
                delete(_table(AggregatedAward)).where(AggregatedAward.award_pk.in_(chunk))
            )
            self.session.execute(delete(_table(AwardPlace)).where(AwardPlace.award_pk.in_(chunk)))
            _insert_rows(self.session, after)
        self._bound()

    def created(self, awards: Iterable[NewAward]) -> None:
        """Adds awards that did not exist before (new pks, so nothing to take back)."""
        snapshots = [
            _snapshot(
                a.pk,
                a.award_date,
                a.currency,
                a.funder_pk,
                a.amount_pence,
                a.planned_start,
                a.planned_end,
                boroughs=a.borough_codes,
                terms={},
            )
            for a in awards
        ]
        _add(self.delta, snapshots, +1)
        _insert_rows(self.session, snapshots)
        self._bound()

    def _bound(self) -> None:
        if len(self.delta) > self.DELTA_CELLS:
            self.finish()

    def finish(self) -> None:
        _upsert(self.session, self.delta)
        self.delta = {}


def refresh_awards(session: Session, award_pks: Iterable[int]) -> None:
    """Brings the aggregates up to date for these awards (created, changed or deleted)."""
    refresh = Refresh(session)
    refresh.awards(award_pks)
    refresh.finish()


def rebuild(session: Session, *, chunk: int = 20000) -> None:
    """Recomputes every aggregate from the awards (after a bulk load)."""
    session.execute(delete(AwardCell))
    session.execute(delete(AggregatedAward))
    session.execute(delete(AwardPlace))
    totals: dict[Cell, list[int]] = {}
    last = 0
    while True:
        pks = list(
            session.scalars(select(Award.pk).where(Award.pk > last).order_by(Award.pk).limit(chunk))
        )
        if not pks:
            break
        last = pks[-1]
        snapshots = _snapshots(session, _between(pks[0], last))
        _add(totals, snapshots, +1)
        _insert_rows(session, snapshots)
    rows = [
        {"dims": d, "key_a": a, "key_b": b, "month": m, "amount_pence": p, "award_count": n}
        for (d, a, b, m), (p, n) in totals.items()
    ]
    for start in range(0, len(rows), 10000):
        session.execute(insert(_table(AwardCell)), rows[start : start + 10000])


def cells_between(
    session: Session, first: dt.date, last: dt.date, *, tables: Collection[str]
) -> dict[Cell, list[int]]:
    """Pence and award counts per cell of `tables` for awards dated `first`..`last` (a part of a
    month the monthly cells cannot answer), computed from the snapshots."""
    columns = [getattr(AggregatedAward, k) for k in _FIELDS]
    rows = session.execute(select(*columns).where(AggregatedAward.award_date.between(first, last)))
    totals: dict[Cell, list[int]] = {}
    for row in rows:
        snapshot = _Snapshot(*row)
        for cell, pence in snapshot.cells(tables).items():
            entry = totals.setdefault(cell, [0, 0])
            entry[0] += pence
            entry[1] += 1
    return totals


_PLACES_ONLY = ("period", "groups")
_FIELDS = tuple(f for f in _Snapshot.__dataclass_fields__ if f not in _PLACES_ONLY)
