"""The borough codes and vocabulary slugs known to a database, remembered in-process.

Every check of a request's references (`check_boroughs`, `check_terms`) used to read them
again: four or five round trips per overlap check, a sizeable share of it on PostgreSQL.
Boroughs and terms are only ever added (by the seed), never removed while the app runs (awards
and streams refer to them by foreign key), so a code once committed stays valid. The sets are
read from committed data only, through a connection of their own, so that a transaction rolled
back later cannot leave a code here; a code not found here is looked up again in the request's
own session before it is refused, and the sets are then read afresh.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.reference.models import Borough, VocabularyTerm


@dataclass(frozen=True)
class Known:
    boroughs: frozenset[str]
    # (vocabulary, slug)
    terms: frozenset[tuple[str, str]]


_lock = threading.Lock()
_known: weakref.WeakKeyDictionary[Engine, Known] = weakref.WeakKeyDictionary()


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def _read(engine: Engine) -> Known:
    with engine.connect() as connection:
        boroughs = frozenset(connection.scalars(select(Borough.gss_code)))
        terms = frozenset(
            (vocabulary, slug)
            for vocabulary, slug in connection.execute(
                select(VocabularyTerm.vocabulary, VocabularyTerm.slug)
            )
        )
    return Known(boroughs=boroughs, terms=terms)


def known(session: Session) -> Known:
    """The committed borough codes and terms of the session's database, read once."""
    engine = _engine(session)
    found = _known.get(engine)
    if found is None:
        with _lock:
            found = _known.get(engine)
            if found is None:
                found = _known[engine] = _read(engine)
    return found


def forget(session: Session) -> None:
    """Makes the next `known` read the database again (a code was not found)."""
    with _lock:
        _known.pop(_engine(session), None)
