from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy.orm import Session

from app.streams.feeds import ILLUSTRATIVE_NOTICE, atom_feed, deadlines_calendar, entry_id
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


def test_the_illustrative_notice_appears_once_in_summaries_and_descriptions(
    session: Session,
) -> None:
    seeded = _streams(session, "illustrative-youth-mentoring-fund-2027")
    # A demonstration round whose own words do not say so gets the notice, once too.
    written = [seeded[0].model_copy(update={"summary": "Grants for youth mentoring."})]
    for streams in (seeded, written):
        root = ET.fromstring(atom_feed(streams, feed_url="f", api_base="http://x", title="t"))
        summary = root.find(f"{ATOM}entry/{ATOM}summary")
        assert summary is not None and summary.text is not None
        assert summary.text.count("not a real opportunity") == 1
        calendar = Calendar.from_ical(deadlines_calendar(streams, api_base="http://x", name="n"))
        description = str(calendar.walk("VEVENT")[0]["description"])
        assert description.count("not a real opportunity") == 1
    assert ILLUSTRATIVE_NOTICE in (summary.text or "")


def test_the_feed_endpoint_takes_the_search_filters(client: TestClient) -> None:
    response = client.get("/v1/streams/feed.atom", params={"activity": "sport"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    ids = [e.findtext(f"{ATOM}id") for e in ET.fromstring(response.content).iter(f"{ATOM}entry")]
    assert entry_id("illustrative-croydon-lambeth-sport-2026") in ids
    assert entry_id("illustrative-youth-mentoring-fund-2027") not in ids


def test_the_feed_is_newest_published_first(client: TestClient) -> None:
    root = ET.fromstring(client.get("/v1/streams/feed.atom", params={"status": "any"}).content)
    published = [e.findtext(f"{ATOM}published") or "" for e in root.iter(f"{ATOM}entry")]
    assert len(published) > 1 and published == sorted(published, reverse=True)


def test_the_calendar_endpoint_lists_closing_dates_of_matching_streams(
    client: TestClient,
) -> None:
    response = client.get("/v1/streams/deadlines.ics", params={"borough": "E09000008"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    uids = {str(e["uid"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert "illustrative-croydon-lambeth-sport-2026.closes@signpost.london" in uids
    assert not any("rolling" in uid for uid in uids)


def test_bad_feed_filters_are_422_naming_the_field(client: TestClient) -> None:
    response = client.get("/v1/streams/feed.atom", params={"activity": "juggling"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "activity"]
