from __future__ import annotations

import datetime as dt

from app.core.schemas import Schema


class Amounts(Schema):
    # Null key: awards that state no value for the dimension (e.g. no borough).
    key: str | None
    label: str
    amount: int | float
    count: int
    population: int | None = None
    # Pounds per resident; only for boroughs.
    per_head: float | None = None


class PriorityCell(Schema):
    row: str | None
    col: str | None
    amount: int | float
    count: int
    per_head: float | None = None


class Priorities(Schema):
    rows: str
    cols: str | None
    date_from: dt.date | None
    date_to: dt.date | None
    currency: str
    note: str
    total: Amounts
    row_totals: list[Amounts]
    col_totals: list[Amounts]
    cells: list[PriorityCell]


class Gaps(Schema):
    activity: str
    date_from: dt.date | None
    date_to: dt.date | None
    currency: str
    note: str
    boroughs: list[Amounts]
    not_stated: Amounts
