"""A fund's page: the stream as the API gives it, its similar streams (the overlap pairs), the
awards made from it, and its closing date as a calendar file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from app.awards.representation import award_read
from app.awards.service import AwardFilters, list_awards
from app.core.cursors import FIRST_PAGE
from app.overlap.streams import similar_streams
from app.streams.feeds import deadlines_calendar
from app.streams.representation import stream_read
from app.streams.schemas import StreamRead
from app.streams.service import get_stream

SIMILAR = 5
AWARDS = 20


def read_stream(*, session: Session, stream_id: str, today: dt.date) -> StreamRead:
    """The stream as `GET /v1/streams/{id}` gives it (404 if there is none)."""
    return stream_read(get_stream(session=session, slug=stream_id), today=today)


def stream_context(*, session: Session, stream_id: str, today: dt.date) -> dict[str, Any]:
    stream = get_stream(session=session, slug=stream_id)
    awards, _, total = list_awards(
        session=session,
        filters=AwardFilters(streams=[stream.slug]),
        limit=AWARDS,
        cursor=FIRST_PAGE,
    )
    return {
        "s": stream_read(stream, today=today),
        "similar": similar_streams(session=session, stream=stream, limit=SIMILAR),
        "awards": [award_read(a) for a in awards],
        "award_total": total,
        "today": today,
    }


def calendar_file(*, session: Session, stream_id: str, today: dt.date, base: str) -> bytes:
    """The stream's closing date as one all-day iCalendar event (the API's calendar, of one)."""
    stream = read_stream(session=session, stream_id=stream_id, today=today)
    return deadlines_calendar([stream], api_base=base, name=f"Signpost: {stream.name}")
