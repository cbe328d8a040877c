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


def _read(engine: Engine) -> Known:
    with engine.connect() as connection:
        borough_names = {
            c: n for c, n in connection.execute(select(Borough.gss_code, Borough.name))
        }
        terms = frozenset(
            (vocabulary, slug)
            for vocabulary, slug in connection.execute(
                select(VocabularyTerm.vocabulary, VocabularyTerm.slug)
            )
        )
    return Known(borough_names=borough_names, terms=terms)


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
