"""The borough codes and vocabulary slugs known to a database, remembered in-process.

Every check of a request's references (`check_boroughs`, `check_terms`) used to read them
again: four or five round trips per overlap check, a sizeable share of it on PostgreSQL.
Boroughs and terms are only ever added (by the seed, which keeps its own sets and never asks
here), never removed while the app runs (awards and streams refer to them by foreign key), so a
code once committed stays valid.

The sets are read through the asking request's own session. A second connection would deadlock
a burst of writes: on SQLite the request already holds the write lock, and the second
connection's read waits behind the writers queued for it until the busy timeout (503s); on
PostgreSQL each request would hold two pooled connections, and 30 at once exhaust the pool
(issue 12, item 5). The request's session sees only committed reference rows, since no request
writes boroughs or terms. A code not found here is looked up again in the request's own session
before it is refused (`app/reference/service.py`), and the sets are then read afresh.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.core.slugs import slugify
from app.reference.models import Borough, VocabularyTerm


def borough_key(text: str) -> str:
    """How a borough reference is looked up: its code, name or slug, in any case and spacing,
    "&" read as "and" ("Hammersmith & Fulham" = "hammersmith-and-fulham")."""
    return slugify(text.replace("&", " and "))


@dataclass(frozen=True)
class Known:
    # GSS code -> name
    borough_names: Mapping[str, str]
    # (vocabulary, slug)
    terms: frozenset[tuple[str, str]]
    # `borough_key` of each borough's code and name -> its code
    borough_keys: Mapping[str, str] = field(init=False)

    def __post_init__(self) -> None:
        keys = {
            borough_key(k): code for code, name in self.borough_names.items() for k in (code, name)
        }
        object.__setattr__(self, "borough_keys", keys)

    @property
    def boroughs(self) -> frozenset[str]:
        return frozenset(self.borough_names)


_lock = threading.Lock()
_known: weakref.WeakKeyDictionary[Engine, Known] = weakref.WeakKeyDictionary()


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def _read(session: Session) -> Known:
    borough_names = {c: n for c, n in session.execute(select(Borough.gss_code, Borough.name))}
    terms = frozenset(
        (vocabulary, slug)
        for vocabulary, slug in session.execute(
            select(VocabularyTerm.vocabulary, VocabularyTerm.slug)
        )
    )
    return Known(borough_names=borough_names, terms=terms)


def known(session: Session) -> Known:
    """The borough codes and terms of the session's database, read once per process.

    Read without holding the lock: two requests arriving at a cold cache both read (each in its
    own transaction), and the last to finish stores its sets; a lock held across a database read
    would make every other request wait behind one that may itself be waiting for the database.
    """
    engine = _engine(session)
    found = _known.get(engine)
    if found is None:
        found = _read(session)
        with _lock:
            _known[engine] = found
    return found


def forget(session: Session) -> None:
    """Makes the next `known` read the database again (a code was not found)."""
    with _lock:
        _known.pop(_engine(session), None)
