"""Engine, ORM base and the request-scoped session that owns the transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import lru_cache
from typing import Annotated, Any

import orjson
from fastapi import Depends, Request
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from app.config import get_settings

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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite opens a transaction only before INSERT/UPDATE/DELETE, so a SAVEPOINT issued first
    # would become the outermost transaction and RELEASE would commit it. Take transaction
    # control from the driver and begin explicitly (_sqlite_begin), as SQLAlchemy documents.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# Set while a write request opens its transaction (get_session).
_BEGIN_IMMEDIATE: ContextVar[bool] = ContextVar("sqlite_begin_immediate", default=False)


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _BEGIN_IMMEDIATE.get() else "BEGIN")


def make_engine(url: str) -> Engine:
    """Creates an engine; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False}, json_serializer=json_text
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
    lock from its start (get_session), so the check before the insert already settles it."""
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError:
        if taken():
            return False
        raise
    return True


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    """Yields a session for one request: commits if the request succeeds, rolls back if not."""
    session = _session_factory(get_engine())()
    try:
        if request.method not in READ_METHODS and session.get_bind().dialect.name == "sqlite":
            # A SQLite transaction that reads and then writes cannot wait for another writer:
            # it fails at once with "database is locked". A write request therefore takes the
            # write lock as it begins, waiting its turn (busy_timeout) like any writer.
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


def get_read_session() -> Iterator[Session]:
    """Yields a session for a request that only reads, whatever its method (an eligibility or
    overlap check is a POST): it never takes SQLite's write lock, and it writes nothing."""
    session = _session_factory(get_engine())()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


# The transaction ends when the endpoint function returns, before the answer is sent: a client
# told "201 Created" can read what it created, and a commit that fails is an error answer, not a
# success followed by nothing.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
ReadSessionDep = Annotated[Session, Depends(get_read_session, scope="function")]
# For reads whose body is streamed after the function returns (exports): the session lives until
# the last byte is sent. Never for writes.
StreamingSessionDep = Annotated[Session, Depends(get_session, scope="request")]
