"""Writing many rows at once, for the paths that write up to millions (the 360Giving import)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

# KiB; counted in the writing process's memory while used.
SQLITE_CACHE_KIB = 128 * 1024


@contextmanager
def large_page_cache(session: Session) -> Iterator[None]:
    """A larger SQLite page cache for the session's connection while a bulk write runs.

    An import is one transaction that touches the awards' indexes (by recipient, by date), the
    change log's and the full-text index's at random places; with SQLite's default 2 MB cache
    their pages go back and forth between the cache and the WAL, and every miss searches a WAL
    that grows to the size of the import. The previous size is restored after.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    before = int(session.execute(text("PRAGMA cache_size")).scalar_one())
    session.execute(text(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size = {before}"))


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
