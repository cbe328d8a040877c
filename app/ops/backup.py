"""`signpost backup PATH` and `signpost restore PATH`: a consistent copy of the whole database,
taken while the service runs, and putting one back.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies the database page by page
as one read transaction, so the copy is consistent and readers and writers carry on meanwhile
(WAL mode: a writer is not blocked by it). The copy is itself a SQLite database file.
PostgreSQL: `pg_dump --format=custom` (a snapshot, no locks beyond ACCESS SHARE) and
`pg_restore --clean --if-exists --single-transaction`: all or nothing. Restoring replaces every
table, so stop the service (and `signpost worker`) first; a backup needs no pause.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """The backup or restore could not be made; the message says why."""


def _sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database has nothing to back up.")
    return Path(database)


def _libpq_url(url: str) -> str:
    """The SQLAlchemy URL as libpq takes it (pg_dump, pg_restore): no `+driver`."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (it comes with the PostgreSQL client).")
    return found


def _run(arguments: list[str]) -> None:
    done = subprocess.run(arguments, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or f"{Path(arguments[0]).name} failed")


def _copy_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def backup(url: str, path: Path) -> None:
    """Writes a consistent copy of the database at `url` to `path` (replacing it)."""
    dialect = make_url(url).get_backend_name()
    if dialect == "sqlite":
        source = _sqlite_file(url)
        if not source.exists():
            raise BackupError(f"There is no database at {source}.")
        partial = path.with_name(path.name + ".partial")
        partial.unlink(missing_ok=True)
        _copy_sqlite(source, partial)
        # Only a finished copy takes the name: an interrupted backup never looks like one.
        partial.replace(path)
    elif dialect == "postgresql":
        partial = path.with_name(path.name + ".partial")
        _run([_tool("pg_dump"), "--format=custom", f"--file={partial}", _libpq_url(url)])
        partial.replace(path)
    else:
        raise BackupError(f"Backups of {dialect} databases are not supported.")


def restore(url: str, path: Path) -> None:
    """Replaces the database at `url` with the backup at `path`, all or nothing."""
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    dialect = make_url(url).get_backend_name()
    if dialect == "sqlite":
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as check:
            if check.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise BackupError(f"{path} is not a sound SQLite database.")
        check.close()
        # The backup API again, the other way: the target is replaced under its write lock, in
        # one step.
        _copy_sqlite(path, _sqlite_file(url))
    elif dialect == "postgresql":
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--no-owner",
                f"--dbname={_libpq_url(url)}",
                str(path),
            ]
        )
    else:
        raise BackupError(f"Backups of {dialect} databases are not supported.")
