"""`PRAGMA data_version` tells a process whether anything was committed since it last looked, so
that what it keeps (the stream catalogue) is judged without a query while nothing was."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.core.commits import commit_watch
from app.core.db import is_sqlite_file, make_engine


def test_the_count_moves_with_every_commit_and_only_then(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'watched.db'}")
    other = make_engine(f"sqlite:///{tmp_path / 'watched.db'}")  # another process, in effect
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (n INTEGER)"))
        with Session(engine) as session:
            watch = commit_watch(session)
            assert watch is not None
            assert commit_watch(session) is watch  # one per engine
            before = watch.version()
            assert watch.version() == before  # reading counts nothing
            with engine.connect() as connection:
                connection.execute(text("SELECT count(*) FROM t")).scalar()
            assert watch.version() == before
            with other.connect() as connection:
                connection.execute(text("INSERT INTO t VALUES (1)"))
                connection.rollback()
            assert watch.version() == before  # rolled back: nothing committed
            for db in (engine, other):
                with db.begin() as connection:
                    connection.execute(text("INSERT INTO t VALUES (1)"))
                after = watch.version()
                assert after != before
                before = after
    finally:
        engine.dispose()
        other.dispose()


def test_no_watch_where_a_count_could_not_tell(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'watched.db'}")
    try:
        with Session(engine) as session:
            session.execute(text("SELECT 1"))  # begun: it may hold writes no count sees
            assert commit_watch(session) is None
        with engine.connect() as connection, Session(bind=connection) as session:
            assert commit_watch(session) is None  # bound to a connection (and its transaction)
    finally:
        engine.dispose()
    memory = make_engine("sqlite://")
    try:
        with Session(memory) as session:
            assert commit_watch(session) is None
    finally:
        memory.dispose()


def test_which_urls_name_a_sqlite_file() -> None:
    assert is_sqlite_file("sqlite:////tmp/signpost.db")
    for url in ("sqlite://", "sqlite:///:memory:", "sqlite:///file:x?mode=memory&uri=true"):
        assert not is_sqlite_file(url), url
    assert not is_sqlite_file("postgresql+psycopg://postgres@127.0.0.1:5432/test")
