"""The where-money-goes page: the insights service's borough matrix shaded by money per head,
the same totals on a square-grid cartogram of London, and the gaps for one activity."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from app.core.errors import InvalidInput
from app.core.money import as_pounds
from app.insights.service import SPLIT_NOTE, Line, gaps, priorities
from app.web.forms import FormErrors, Loc, date, service_errors, text

GRID = Path(__file__).parent / "data" / "london_grid.csv"
COLUMNS = {
    "activity": "Activity",
    "violence_type": "Violence type",
    "funder": "Funder",
    "year": "Year",
}
SHADES = 5
FIELDS: dict[Loc, tuple[str, str]] = {
    ("query", "from"): ("from", "From"),
    ("query", "to"): ("to", "To"),
    ("query", "activity"): ("activity", "Activity"),
    ("query", "cols"): ("cols", "Compare boroughs by"),
}


@dataclass(frozen=True)
class Square:
    code: str
    name: str
    col: int
    row: int
    abbreviation: str


@cache
def london_grid() -> tuple[Square, ...]:
    """The 33 boroughs' places on the London Squared grid (app/web/data/README.md)."""
    with GRID.open(newline="", encoding="utf-8") as handle:
        return tuple(
            Square(r["gss_code"], r["name"], int(r["col"]), int(r["row"]), r["abbreviation"])
            for r in csv.DictReader(handle)
        )


def per_head(pence: int, population: int | None) -> float | None:
    """Pounds per resident, when the population is known."""
    return as_pounds(pence) / population if population else None


def shade(value: float | None, top: float) -> int:
    """0 (nothing) to SHADES (the most per head on the page), in equal steps."""
    if not value or top <= 0:
        return 0
    return max(1, min(SHADES, math.ceil(SHADES * value / top)))


def priorities_context(*, session: Session, params: QueryParams) -> tuple[dict[str, Any], bool]:
    errors = FormErrors()
    cols = params.get("cols") or "activity"
    if cols not in COLUMNS:
        errors.add("cols", "Choose what to compare boroughs by from the list")
        cols = "activity"
    date_from = date(params.get("from"), field="from", label="From", errors=errors)
    date_to = date(params.get("to"), field="to", label="To", errors=errors)
    activity = text(params.get("activity"))
    context: dict[str, Any] = {
        "errors": errors,
        "cols": cols,
        "columns": COLUMNS,
        "values": {
            "from": params.get("from", ""),
            "to": params.get("to", ""),
            "activity": activity,
        },
        "note": SPLIT_NOTE,
        "csv_url": "/v1/insights/priorities?"
        + str(
            QueryParams(
                [
                    ("rows", "borough"),
                    ("cols", cols),
                    ("format", "csv"),
                    *[(k, params[k]) for k in ("from", "to") if params.get(k)],
                ]
            )
        ),
    }
    try:
        matrix = (
            priorities(
                session=session, rows="borough", cols=cols, date_from=date_from, date_to=date_to
            )
            if not errors
            else None
        )
        found_gaps = (
            gaps(session=session, activity=activity, date_from=date_from, date_to=date_to)
            if activity and not errors
            else None
        )
    except InvalidInput as exc:
        service_errors(exc, FIELDS, errors)
        matrix, found_gaps = None, None
    if matrix is None:
        return context, True
    context.update(_table(matrix.row_totals, matrix.col_totals, matrix.cells))
    context["total"] = matrix.total
    context["map"] = _map(matrix.row_totals)
    if found_gaps is not None:
        ranked, unplaced = found_gaps
        context["gaps"] = [(line, per_head(line.pence, line.population)) for line in ranked]
        context["unplaced"] = unplaced
        context["gaps_csv"] = f"/v1/insights/gaps?activity={activity}&format=csv"
    return context, False


def _table(
    rows: list[Line], cols: list[Line], cells: list[tuple[Line, Line, Line]]
) -> dict[str, Any]:
    money = {(r.key, c.key): cell.pence for r, c, cell in cells}
    population = {r.key: r.population for r in rows}
    values = {key: per_head(pence, population.get(key[0])) for key, pence in money.items()}
    top = max((v for v in values.values() if v), default=0.0)
    ordered_rows = sorted(rows, key=lambda line: line.label)
    table = [
        (
            row,
            per_head(row.pence, row.population),
            [
                (values.get((row.key, col.key)), shade(values.get((row.key, col.key)), top))
                for col in cols
            ],
        )
        for row in ordered_rows
    ]
    return {"table_cols": cols, "table": table, "legend_top": top}


def _map(rows: list[Line]) -> list[tuple[Square, float | None, int]]:
    by_code = {line.key: line for line in rows}
    values = {
        square.code: per_head(by_code[square.code].pence, by_code[square.code].population)
        if square.code in by_code
        else None
        for square in london_grid()
    }
    top = max((v for v in values.values() if v), default=0.0)
    return [
        (square, values[square.code], shade(values[square.code], top)) for square in london_grid()
    ]
