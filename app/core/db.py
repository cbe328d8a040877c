"""Engine, ORM base and the session that owns a unit of work's transaction (app/http/sessions.py
makes it the request's)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from app.core.settings import get_settings

# Explicit names make migrations identical on SQLite and PostgreSQL and let batch mode
# find constraints again when it rebuilds a SQLite table.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def json_text(value: Any) -> str:
    """How JSON columns are written: orjson's compact text (an import writes a million grants
    and as many change-log entries: BENCHMARKS.md, issue 6), or the standard encoder for what
    orjson refuses (integers beyond 64 bits, non-string keys), so that what was storable stays
    storable."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value)


# The pool of a SQLite file's engine: a connection for each of anyio's worker threads, which
# run every request's database work, and a few for the start-up load and the background workers.
_SQLITE_POOL: dict[str, Any] = {"pool_size": 48, "max_overflow": 0, "pool_timeout": 60}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    busy_ms = round(get_settings().sqlite_busy_seconds * 1000)
    # pysqlite opens a transaction only before INSERT/UPDATE/DELETE, so a SAVEPOINT issued first
    # would become the outermost transaction and RELEASE would commit it. Take transaction
    # control from the driver and begin explicitly (_sqlite_begin), as SQLAlchemy documents.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    cursor.close()


# Set while a write opens its transaction (unit_of_work).
_BEGIN_IMMEDIATE: ContextVar[bool] = ContextVar("sqlite_begin_immediate", default=False)


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _BEGIN_IMMEDIATE.get() else "BEGIN")


def is_sqlite_file(url: str | URL) -> bool:
    """Whether `url` names a SQLite database in a file (not one in memory)."""
    found = make_url(url)
    return (
        found.get_backend_name() == "sqlite"
        and found.database not in (None, "", ":memory:")
        and found.query.get("mode") != "memory"
    )


def make_engine(url: str) -> Engine:
    """Creates an engine; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    if url.startswith("sqlite"):
        # A file's pool keeps as many connections as requests run at once (anyio's 40
        # threads): with SQLAlchemy's default of 5, eight concurrent searches opened and closed
        # three connections a request, each with its four PRAGMAs (BENCHMARKS.md, issue 15).
        # An in-memory database has one connection per thread, and no such pool.
        pool = _SQLITE_POOL if is_sqlite_file(url) else {}
        engine = create_engine(
            url, connect_args={"check_same_thread": False}, json_serializer=json_text, **pool
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=10, json_serializer=json_text
    )


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache
def _session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def add_unique(session: Session, record: object, *, taken: Callable[[], bool]) -> bool:
    """Adds and flushes `record` in a savepoint; False, with nothing added, if its unique key was
    taken meanwhile by another transaction (`taken()` then says so), any other violation raised.

    On PostgreSQL two requests can both find an id free and both insert it: the second insert
    waits for the first transaction and then fails. On SQLite a write request holds the write
    lock from its start (unit_of_work), so the check before the insert already settles it."""
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError:
        if taken():
            return False
        raise
    return True


def unit_of_work(*, write: bool) -> Iterator[Session]:
    """Yields a session that commits if the work succeeds and rolls back if not."""
    session = _session_factory(get_engine())()
    try:
        if write and session.get_bind().dialect.name == "sqlite":
            # A SQLite transaction that reads and then writes cannot wait for another writer:
            # it fails at once with "database is locked". A write therefore takes the write
            # lock as it begins, waiting its turn (busy_timeout) like any writer.
            token = _BEGIN_IMMEDIATE.set(True)
            try:
                session.connection()
            finally:
                _BEGIN_IMMEDIATE.reset(token)
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def read_only_work() -> Iterator[Session]:
    """Yields a session that only reads: it never takes SQLite's write lock, and it writes
    nothing."""
    session = _session_factory(get_engine())()
    try:
        yield session
    finally:
        session.rollback()
        session.close()
