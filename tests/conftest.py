"""Test database: built by running the migrations, seeded once, each test in a rolled-back
transaction. SQLite always; PostgreSQL when SIGNPOST_TEST_DATABASE_URL is set, in a database
created for this run and dropped after it."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import settings
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from app.core.db import make_engine
from app.http.params import request_today
from app.http.sessions import get_read_session, get_session
from app.main import create_app
from app.ops import migrate
from app.ops.seeding import load_seed
from tests.factories import keys  # noqa: F401 - the API-key fixture every write test uses

# Property tests assert what is true, never how fast: Hypothesis's per-example deadline (200 ms)
# fails them on a loaded machine (a shared CI box), so it is off.
settings.register_profile("signpost", deadline=None)
settings.load_profile("signpost")


def _fresh_database(tmp_dir: Path) -> Iterator[str]:
    """Yields the URL of an empty database of its own, removed afterwards."""
    base = os.environ.get("SIGNPOST_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_dir / f'signpost-{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"signpost_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def fresh_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second, empty database for tests that migrate up and down themselves."""
    yield from _fresh_database(tmp_path_factory.mktemp("fresh"))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _fresh_database(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    with Session(engine) as session, session.begin():
        load_seed(session)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A transaction that every test's writes stay inside, rolled back at the end (on SQLite
    too: app/core/db.py makes SQLAlchemy, not pysqlite, begin transactions, so savepoints nest)."""
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    # Commits inside the code under test release savepoints; the outer transaction rolls back.
    with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
        yield session


@pytest.fixture
def client(session: Session) -> Iterator[TestClient]:
    app = create_app()

    def override() -> Iterator[Session]:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

    app.dependency_overrides[get_session] = override
    app.dependency_overrides[get_read_session] = override
    with TestClient(app) as client:
        yield client


# The illustrative seed rounds are dated around this day, so that every status appears.
SEED_TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def on_seed_day(client: TestClient) -> TestClient:
    """The client, answering as on the day the illustrative seed rounds were written for."""
    client.app.dependency_overrides[request_today] = lambda: SEED_TODAY  # type: ignore[attr-defined]
    return client


@pytest.fixture(scope="module")
def served_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated and seeded database of its own (one per test module), for tests that serve the
    app in another process and commit what they write: nothing of theirs reaches the shared test
    database that other tests count on."""
    for url in _fresh_database(tmp_path_factory.mktemp("served")):
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session, session.begin():
            load_seed(session)
        engine.dispose()
        yield url
