"""Where money already goes: the priorities matrix and the gaps, read from the aggregate cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.awards.aggregate_models import AwardCell
from app.awards.aggregates import cells_between
from app.awards.split import ALL, DIMENSIONS, Cell, month_of, pair_name
from app.core.errors import InvalidInput
from app.funders.models import Funder
from app.reference.models import Borough, VocabularyTerm

DIMENSION_NAMES: tuple[str, ...] = (*DIMENSIONS, "year")
SPLIT_NOTE = (
    "Money for an award with several boroughs, activities or violence types is split evenly "
    "among them (to the penny), so each award counts once and the cells add up to the total. "
    "A cell's count is the number of awards with a share in it. Only GBP awards are counted; "
    "per head uses the ONS 2018-based projection of each borough's population for 2020."
)
NOT_STATED = "Not stated"


@dataclass
class Line:
    key: str | None
    label: str
    pence: int = 0
    count: int = 0
    population: int | None = None


@dataclass
class Matrix:
    rows: str
    cols: str | None
    total: Line
    row_totals: list[Line]
    col_totals: list[Line]
    cells: list[tuple[Line, Line, Line]] = field(default_factory=list)  # row, col, cell


@dataclass(frozen=True)
class _Plan:
    """Which stored table answers a pair of dimensions, and where each key is read from."""

    dims: str
    row: str  # "a", "b" or "year"
    col: str | None


def _plan(rows: str, cols: str | None) -> _Plan:
    stored = [d for d in (rows, cols) if d is not None and d != "year"]
    if len(stored) == 2:
        first, second = sorted(stored, key=DIMENSIONS.index)
        return _Plan(
            pair_name(first, second), "a" if rows == first else "b", "b" if rows == first else "a"
        )
    dims = stored[0] if stored else ALL
    role = {None: None, "year": "year"}
    return _Plan(dims, role.get(rows, "a") or "a", role.get(cols, "a") if cols else None)


def check_range(date_from: dt.date | None, date_to: dt.date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise InvalidInput.field(["query", "from"], f"from ({date_from}) is after to ({date_to}).")


def _month_bounds(
    date_from: dt.date | None, date_to: dt.date | None
) -> tuple[ColumnElement[bool] | None, list[tuple[dt.date, dt.date]]]:
    """The months the cells answer whole, and the part-months (date ranges) they cannot."""
    if date_from is None and date_to is None:
        return None, []
    lo_date = date_from or dt.date(1, 1, 1)
    hi_date = date_to or dt.date(9999, 12, 31)
    first_whole = lo_date if lo_date.day == 1 else _next_month(lo_date)
    after_last = (
        _next_month(hi_date)
        if _next_month(hi_date) - dt.timedelta(days=1) == hi_date
        else hi_date.replace(day=1)
    )
    edges: list[tuple[dt.date, dt.date]] = []
    if first_whole >= after_last:
        return AwardCell.month < 0, [(lo_date, hi_date)]
    if lo_date < first_whole:
        edges.append((lo_date, first_whole - dt.timedelta(days=1)))
    if after_last <= hi_date:
        edges.append((after_last, hi_date))
    last_whole = after_last - dt.timedelta(days=1)
    return AwardCell.month.between(month_of(first_whole), month_of(last_whole)), edges


def _next_month(day: dt.date) -> dt.date:
    if day.year == 9999 and day.month == 12:
        return day
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _key(role: str | None, key_a: str, key_b: str, month: int) -> str | None:
    if role is None:
        return None
    if role == "year":
        return str(month // 100) if month else ALL
    return key_a if role == "a" else key_b


def _edge_cells(
    session: Session, edges: Sequence[tuple[dt.date, dt.date]], plans: Sequence[_Plan]
) -> dict[Cell, list[int]]:
    tables = {plan.dims for plan in plans}
    cells: dict[Cell, list[int]] = {}
    for first, last in edges:
        for cell, (pence, count) in cells_between(session, first, last, tables=tables).items():
            entry = cells.setdefault(cell, [0, 0])
            entry[0] += pence
            entry[1] += count
    return cells


def _sums(
    session: Session,
    plan: _Plan,
    months: ColumnElement[bool] | None,
    edges: dict[Cell, list[int]],
) -> dict[tuple[str | None, str | None], list[int]]:
    """(row key, col key) -> [pence, count] for the plan's table in the date range."""
    year = AwardCell.month // 100
    uses_year = "year" in (plan.row, plan.col)
    grouping: list[Any] = [AwardCell.key_a, AwardCell.key_b, year if uses_year else AwardCell.key_a]
    stmt: Any = select(
        *grouping, func.sum(AwardCell.amount_pence), func.sum(AwardCell.award_count)
    ).where(AwardCell.dims == plan.dims)
    if months is not None:
        stmt = stmt.where(months)
    stmt = stmt.group_by(*grouping)
    out: dict[tuple[str | None, str | None], list[int]] = {}

    def add(key_a: str, key_b: str, month: int, pence: int, count: int) -> None:
        key = (_key(plan.row, key_a, key_b, month), _key(plan.col, key_a, key_b, month))
        entry = out.setdefault(key, [0, 0])
        entry[0] += int(pence)
        entry[1] += int(count)

    for key_a, key_b, grouped_year, pence, count in session.execute(stmt):
        add(key_a, key_b, int(grouped_year) * 100 if uses_year else 0, pence, count)
    for (dims, key_a, key_b, month), (pence, count) in edges.items():
        if dims == plan.dims:
            add(key_a, key_b, month, pence, count)
    return out


def _labels(session: Session, dimension: str | None) -> dict[str, tuple[str, str, int | None]]:
    """Stored key -> (public key, label, population) for a dimension."""
    if dimension == "borough":
        return {
            b.gss_code: (b.gss_code, b.name, b.population) for b in session.scalars(select(Borough))
        }
    if dimension == "funder":
        return {str(f.pk): (f.slug, f.name, None) for f in session.scalars(select(Funder))}
    if dimension in ("activity", "violence_type"):
        return {
            t.slug: (t.slug, t.label, None)
            for t in session.scalars(
                select(VocabularyTerm).where(VocabularyTerm.vocabulary == dimension)
            )
        }
    return {}


def _line(labels: dict[str, tuple[str, str, int | None]], key: str | None) -> Line:
    if key is None or key == ALL:
        return Line(None, NOT_STATED)
    public, label, population = labels.get(key, (key, key, None))
    return Line(public, label, population=population)


def priorities(
    *,
    session: Session,
    rows: str,
    cols: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> Matrix:
    """Totals, counts and per-head money by `rows` (and `cols`) over awards dated in the range."""
    if cols == rows:
        raise InvalidInput.field(["query", "cols"], "cols must differ from rows.")
    check_range(date_from, date_to)
    months, ranges = _month_bounds(date_from, date_to)
    plan = _plan(rows, cols)
    plans = [plan, _plan(rows, None), _plan(cols, None) if cols else plan, _Plan(ALL, "a", None)]
    edges = _edge_cells(session, ranges, plans)
    sums = _sums(session, plan, months, edges)
    row_labels, col_labels = _labels(session, rows), _labels(session, cols)
    # Distinct award counts per row, column and overall come from the one-dimension tables.
    row_counts = _sums(session, _plan(rows, None), months, edges)
    col_counts = _sums(session, _plan(cols, None), months, edges) if cols else {}
    total_sums = _sums(session, _Plan(ALL, "a", None), months, edges)

    def totals(
        counts: dict[tuple[str | None, str | None], list[int]],
        labels: dict[str, tuple[str, str, int | None]],
    ) -> list[Line]:
        lines = []
        for (key, _), (pence, count) in sorted(counts.items(), key=lambda kv: -kv[1][0]):
            line = _line(labels, key)
            line.pence, line.count = pence, count
            lines.append(line)
        return lines

    matrix = Matrix(
        rows=rows,
        cols=cols,
        total=Line(
            None,
            "All awards",
            sum(p for p, _ in total_sums.values()),
            sum(n for _, n in total_sums.values()),
        ),
        row_totals=totals(row_counts, row_labels),
        col_totals=totals(col_counts, col_labels),
    )
    if cols:
        for (row_key, col_key), (pence, count) in sorted(sums.items(), key=lambda kv: -kv[1][0]):
            cell = Line(None, "", pence, count)
            matrix.cells.append((_line(row_labels, row_key), _line(col_labels, col_key), cell))
    return matrix


def gaps(
    *, session: Session, activity: str, date_from: dt.date | None, date_to: dt.date | None
) -> tuple[list[Line], Line]:
    """Every borough with its money for `activity`, least per head first; and the money for
    that activity stated for no borough (London-wide or unknown)."""
    check_range(date_from, date_to)
    months, ranges = _month_bounds(date_from, date_to)
    plan = _plan("borough", "activity")
    sums = _sums(session, plan, months, _edge_cells(session, ranges, [plan]))
    unplaced = Line(None, NOT_STATED)
    lines = {
        b.gss_code: Line(b.gss_code, b.name, population=b.population)
        for b in session.scalars(select(Borough))
    }
    for (borough, slug), (pence, count) in sums.items():
        if slug != activity:
            continue
        line = lines.get(borough or "", unplaced)
        line.pence += pence
        line.count += count
    ranked = sorted(
        lines.values(), key=lambda line: (line.pence / (line.population or 1), line.label)
    )
    return ranked, unplaced


def area_totals(
    *, session: Session, boroughs: Sequence[str], activities: Sequence[str], since: dt.date
) -> tuple[int, int]:
    """Pence and award shares for these activities in these boroughs in months from `since`."""
    stmt = select(func.sum(AwardCell.amount_pence), func.sum(AwardCell.award_count)).where(
        AwardCell.dims == pair_name("borough", "activity"),
        AwardCell.key_a.in_(boroughs),
        AwardCell.key_b.in_(activities),
        AwardCell.month >= month_of(since),
    )
    pence, count = session.execute(stmt).one()
    return int(pence or 0), int(count or 0)
