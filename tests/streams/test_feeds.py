from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from icalendar import Calendar
from sqlalchemy.orm import Session

from app.streams.feeds import atom_feed, deadlines_calendar, entry_id
from app.streams.representation import stream_read
from app.streams.schemas import StreamRead
from app.streams.service import get_stream

ATOM = "{http://www.w3.org/2005/Atom}"


def _streams(session: Session, *slugs: str) -> list[StreamRead]:
    today = dt.date(2026, 11, 25)
    return [stream_read(get_stream(session=session, slug=s), today=today) for s in slugs]


def test_atom_feed_has_stable_ids_and_both_links(session: Session) -> None:
    streams = _streams(session, "illustrative-youth-mentoring-fund-2027", "myends")
    xml = atom_feed(streams, feed_url="http://x/feed", api_base="http://x", title="t")
    root = ET.fromstring(xml)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [entry_id(s.id) for s in streams]
    links = {link.get("rel"): link.get("href") for link in entries[0].findall(f"{ATOM}link")}
    assert links["related"] == "http://x/v1/streams/illustrative-youth-mentoring-fund-2027"
    assert "alternate" in links
    assert all(e.findtext(f"{ATOM}updated") for e in entries)
    assert "Illustrative" in (entries[0].findtext(f"{ATOM}summary") or "")


def test_calendar_has_an_all_day_event_per_closing_date(session: Session) -> None:
    streams = _streams(
        session,
        "illustrative-youth-mentoring-fund-2027",
        "illustrative-community-small-grants-rolling",
    )
    calendar = Calendar.from_ical(deadlines_calendar(streams, api_base="http://x", name="n"))
    events = calendar.walk("VEVENT")
    assert len(events) == 1  # the rolling round has no closing date
    event = events[0]
    assert str(event["uid"]) == "illustrative-youth-mentoring-fund-2027.closes@signpost.london"
    assert event.decoded("dtstart") == dt.date(2027, 1, 29)
    assert event.decoded("dtend") == dt.date(2027, 1, 30)
