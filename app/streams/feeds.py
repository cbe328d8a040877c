"""Streams as an Atom feed (feedgen) and their closing dates as iCalendar events (icalendar).

Pure rendering: the caller chooses the streams (the same search as `GET /v1/streams`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event
from lxml import etree

from app.streams.schemas import StreamRead

# Entry ids and UIDs must never change for a stream, whatever host serves the feed.
ID_AUTHORITY = "signpost.london"
ATOM_NS = "http://www.w3.org/2005/Atom"


def entry_id(stream_id: str) -> str:
    return f"tag:{ID_AUTHORITY},2026:streams/{stream_id}"


# Demonstration rounds say so once wherever a reader sees them. The seed's names and summaries
# already say it; a round written without the words gets them here.
ILLUSTRATIVE_NOTICE = "Illustrative demonstration round, not a real opportunity."


def _says_illustrative(text: str) -> bool:
    return "illustrative" in text.lower()


def titled(name: str, *, illustrative: bool) -> str:
    """A stream's name as a title: a demonstration round's says so (once)."""
    if illustrative and not _says_illustrative(name):
        return f"{name} (illustrative)"
    return name


def _title(stream: StreamRead) -> str:
    return titled(stream.name, illustrative=stream.illustrative)


def _summary(stream: StreamRead) -> str:
    parts = [stream.summary.strip()]
    if stream.illustrative and not _says_illustrative(stream.summary):
        parts.insert(0, ILLUSTRATIVE_NOTICE)
    closes = f"closes {stream.closes_on.isoformat()}" if stream.closes_on else "no closing date"
    parts.append(f"Funder: {stream.funder.name}. Status: {stream.status}, {closes}.")
    return " ".join(p for p in parts if p)


def atom_feed(streams: Sequence[StreamRead], *, feed_url: str, api_base: str, title: str) -> bytes:
    """An Atom feed of `streams` in the order given (newest published first)."""
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.author({"name": "Signpost"})
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.subtitle("New and updated violence-prevention funding streams in London.")
    feed.language("en-GB")
    latest = max((s.updated_at for s in streams), default=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    feed.updated(latest)
    for stream in streams:
        entry = feed.add_entry(order="append")
        entry.id(entry_id(stream.id))
        entry.title(_title(stream))
        if stream.published_at is not None:
            entry.published(stream.published_at)
        entry.updated(stream.updated_at)
        for link in _links(stream, api_base):
            entry.link(**link)
        entry.summary(_summary(stream))
        for slug in stream.activities + stream.violence_types:
            entry.category(term=slug)
    return _with_link_attributes(feed.atom_str(pretty=True), streams, api_base)


def _links(stream: StreamRead, api_base: str) -> list[dict[str, str]]:
    api_url = f"{api_base}/v1/streams/{stream.id}"
    return [
        {"href": stream.url or api_url, "rel": "alternate", "type": "text/html"},
        {"href": api_url, "rel": "related", "type": "application/json"},
    ]


def _with_link_attributes(xml: bytes, streams: Sequence[StreamRead], api_base: str) -> bytes:
    # feedgen 1.0.0 writes an entry's <link> with its href only: a variable shadowed in
    # FeedEntry.atom_entry drops rel and type. Without rel every link reads as "alternate",
    # so the attributes are put back here, entry by entry, in the order they were added.
    root = etree.fromstring(xml)
    for entry, stream in zip(root.iterfind(f"{{{ATOM_NS}}}entry"), streams, strict=True):
        for element, wanted in zip(
            entry.iterfind(f"{{{ATOM_NS}}}link"), _links(stream, api_base), strict=True
        ):
            element.attrib.update(wanted)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return result


def deadlines_calendar(streams: Sequence[StreamRead], *, api_base: str, name: str) -> bytes:
    """One all-day event on each stream's closing date; streams without one are left out."""
    calendar = Calendar()
    calendar.add("prodid", "-//Signpost//London violence-prevention funding//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for stream in streams:
        if stream.closes_on is None:
            continue
        api_url = f"{api_base}/v1/streams/{stream.id}"
        event = Event()
        event.add("uid", f"{stream.id}.closes@{ID_AUTHORITY}")
        event.add("summary", f"Closes: {_title(stream)}")
        event.add("dtstart", stream.closes_on)
        event.add("dtend", stream.closes_on + dt.timedelta(days=1))
        event.add("dtstamp", stream.updated_at)
        event.add("last-modified", stream.updated_at)
        event.add("url", stream.url or api_url)
        event.add("description", f"{_summary(stream)}\n{api_url}")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    result: bytes = calendar.to_ical()
    return result
