"""Whether anything was committed to a SQLite database since a moment: `PRAGMA data_version`
on a connection of its own, which changes whenever another connection, in this process or
another, commits.

What is derived from the database and kept in process (the stream catalogue) is checked against
the database on every request. Reading its token takes a pooled connection, a transaction and a
query: at eight concurrent searches a sixth of a request's time (BENCHMARKS.md, issue 15). This
pragma, on a connection that never writes and never holds a transaction open, answers the same
question ("did anything change?") in microseconds; a cache keeps what it read under the version
seen before reading, and reads again once the version moves on. PostgreSQL has no such counter:
there, callers read their token every time.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.core.db import is_sqlite_file


class CommitWatch:
    """A connection of its own to one SQLite database file, for `PRAGMA data_version` alone."""

    def __init__(self, engine: Engine) -> None:
        self._connection: Any = engine.raw_connection()
        self._lock = threading.Lock()

    def version(self) -> int:
        """Changes whenever a transaction of another connection has committed since the last
        call (it counts commits that other connections make, never this one's: it makes none)."""
        with self._lock:
            cursor = self._connection.cursor()
            try:
                cursor.execute("PRAGMA data_version")
                return int(cursor.fetchone()[0])
            finally:
                cursor.close()


_watches: weakref.WeakKeyDictionary[Engine, CommitWatch] = weakref.WeakKeyDictionary()
_watches_lock = threading.Lock()


def commit_watch(session: Session) -> CommitWatch | None:
    """The watch of the session's database, if a value kept in process may be judged by it:
    only on a SQLite file, and only for a session bound to the engine that has not begun its
    transaction. A session that has (it may hold writes of its own, not yet committed, that no
    counter sees), or that is bound to a connection, reads the database as before."""
    bind = session.get_bind()
    if not isinstance(bind, Engine) or session.in_transaction():
        return None
    if not is_sqlite_file(bind.url):
        return None
    watch = _watches.get(bind)
    if watch is None:
        with _watches_lock:
            watch = _watches.get(bind)
            if watch is None:
                watch = _watches[bind] = CommitWatch(bind)
    return watch
