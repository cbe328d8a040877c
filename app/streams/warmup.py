"""Loading the catalogue and the search snapshot as the server starts, not on the first search.

The load takes one to three seconds at 10,000 streams; on the first search it was that search's
time (BENCHMARKS.md, issue 15). The server starts loading in a thread of its own as it starts
serving, and `/readyz` says not ready until a catalogue is loaded: a load balancer sends no
searches before. A probe that finds no load under way (turned off, or failed: say the database
was not migrated yet) loads with its own session and says ready once done.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from sqlalchemy.orm import Session

from app.core.collector import loading_for_good
from app.streams import catalogue
from app.streams.filters import StreamFilters
from app.streams.memory_search import Matcher, text_scores

_log = logging.getLogger("signpost")
_running: threading.Thread | None = None


# Streams rendered per query while warming up (and the session emptied after each batch).
_BATCH = 500


def warm(session: Session) -> None:
    """Loads the catalogue and snapshot, renders every stream's public representation (what a
    page shows: about 1.7 kB of JSON each, 20 MB at 10,000 streams; rendering the 20 of a page
    with the ORM was a third of a search's time), and runs one search over them: its
    statements are then compiled and cached, and every stream's status worked out for today."""
    with loading_for_good():
        _warm(session)


def _warm(session: Session) -> None:
    found = catalogue.current_catalogue(session)
    snapshot = found.search(session)
    today = dt.date.today()
    live = snapshot.members(snapshot.live)
    for start in range(0, len(live), _BATCH):
        snapshot.rendered(session, live[start : start + _BATCH], today)
        session.expunge_all()
    filters = StreamFilters(q="youth")
    text = text_scores(session, snapshot, filters)
    matcher = Matcher(snapshot, filters, today, None if text is None else text[0])
    matcher.facets(found.every_value)


def start(sessions: Callable[[], Session]) -> None:
    """Warms up in a daemon thread with a session of `sessions`."""
    global _running

    def run() -> None:
        try:
            with sessions() as session:
                warm(session)
                session.rollback()
        except Exception:
            _log.exception("loading the catalogue at start failed; /readyz will try again")

    _running = threading.Thread(target=run, name="catalogue-warmup", daemon=True)
    _running.start()


def ready(session: Session) -> bool:
    """Whether searches find the catalogue loaded; with no load under way, loads it first."""
    if catalogue.loaded():
        return True
    if _running is not None and _running.is_alive():
        return False
    warm(session)
    return True
