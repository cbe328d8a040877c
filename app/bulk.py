"""INSERTs of many rows at once, for the paths that write up to millions (the 360Giving import)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session


def insert_many(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERTs `rows` (mappings with the same keys) into `table` in one executemany.

    On SQLite the statement is compiled once and the rows handed to the driver as tuples, each
    column's own bind processing (dates, JSON) applied column by column: SQLAlchemy's executemany
    builds every row's parameters anew, ~10 µs a row, a fifth of a million-grant import. On other
    databases, the ordinary Core executemany.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    order = compiled.positiontup
    if dialect.name != "sqlite" or order is None or sorted(order) != sorted(names):
        # Not plain positional parameters, or the statement binds more than the rows give
        # (a Python-side default): let SQLAlchemy build them.
        session.execute(insert(table), rows)
        return
    columns: list[Sequence[Any]] = []
    for name in order:
        values = [row[name] for row in rows]
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        columns.append(values if process is None else [process(v) for v in values])
    connection.exec_driver_sql(compiled.string, list(zip(*columns, strict=True)))
