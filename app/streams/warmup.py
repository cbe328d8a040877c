"""Loading the catalogue and the search snapshot as the server starts, not on the first search.

The load takes one to three seconds at 10,000 streams; on the first search it was that search's
time (BENCHMARKS.md, issue 15). The server starts loading in a thread of its own as it starts
serving, and `/readyz` says not ready until that load is over (the catalogue loaded, every
stream rendered): a load balancer sends no searches before. A probe that finds no load under
way (turned off, or failed: say the database was not migrated yet) loads with its own session
and says ready once done.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import clock
from app.core.collector import loading_for_good
from app.streams import catalogue
from app.streams.filters import StreamFilters
from app.streams.memory_search import Matcher, text_scores
from app.streams.models import FundingStream
from app.streams.search import search_words
from app.streams.snapshot import TEXT_CACHE_SIZE

_log = logging.getLogger("signpost")
_running: threading.Thread | None = None


# Streams rendered per query while warming up (and the session emptied after each batch).
_BATCH = 500
# Words scored while warming up (app/streams/snapshot.py keeps up to TEXT_CACHE_SIZE), so that
# the first searches after start find their words as a warm server would: half the cache, the
# rest left to what people search.
PRIMED_WORDS = TEXT_CACHE_SIZE // 2


def warm(session: Session) -> None:
    """Loads the catalogue and snapshot, renders every stream's public representation (what a
    page shows: about 1.7 kB of JSON each, 20 MB at 10,000 streams; rendering the 20 of a page
    with the ORM was a third of a search's time), scores the commonest words, and runs one
    search over them: its statements are then compiled and cached, and every stream's status
    worked out for today."""
    with loading_for_good():
        _warm(session)


def _warm(session: Session) -> None:
    found = catalogue.current_catalogue(session)
    snapshot = found.search(session)
    today = clock.today()
    live = snapshot.members(snapshot.live)
    for start in range(0, len(live), _BATCH):
        snapshot.rendered(session, live[start : start + _BATCH], today)
        session.expunge_all()
    for word in common_words(session, PRIMED_WORDS):
        text_scores(session, snapshot, StreamFilters(q=word))
    filters = StreamFilters(q="youth")
    text = text_scores(session, snapshot, filters)
    matcher = Matcher(snapshot, filters, today, None if text is None else text[0])
    matcher.facets(found.every_value)


def common_words(session: Session, most: int) -> list[str]:
    """The `most` words found in the names and summaries of the most live streams: those
    people are likeliest to search for, and the dearest to score (the more streams a word
    matches, the longer its full-text match takes: 7 ms for 3,000 of 10,000 streams)."""
    counts: Counter[str] = Counter()
    rows = session.execute(
        select(FundingStream.name, FundingStream.summary).where(FundingStream.deleted_at.is_(None))
    )
    for name, summary in rows:
        counts.update(set(search_words(f"{name} {summary}")))
    return [word for word, _ in counts.most_common(most)]


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
    """Whether searches find the catalogue loaded and every stream rendered; with no load under
    way, loads it first. Not while the start-up load runs, even once the catalogue is in: the
    rendering that follows holds the interpreter for seconds, and a search then waited for it
    (every search of the first few seconds after start took tens of times its warm time)."""
    if _running is not None and _running.is_alive():
        return False
    if catalogue.loaded():
        return True
    warm(session)
    return True
