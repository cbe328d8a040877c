"""The in-process search (snapshot, set operations) gives the SQL search's answers: same items
in the same order, same totals, cursors and facets, on random filter combinations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.cursors import FIRST_PAGE, Cursor
from app.http.cursors import cursor_scope
from app.streams import service
from app.streams.catalogue import current_catalogue
from app.streams.facets import stream_facets
from app.streams.filters import StreamFilters
from app.streams.memory_search import text_scores
from app.streams.models import FundingStream
from app.streams.representation import stream_read
from app.streams.search import SORTS, search_words, text_scores_packed
from app.streams.search_index import reindex_streams
from tests.streams.generated import DAY, WORDS, Universe, draw_filters


def _sql(session: Session, f: StreamFilters, today: dt.date, **page: Any) -> dict[str, Any]:
    rows, next_cursor, total = service.search_streams(
        session=session, filters=f, today=today, **page
    )
    every_value = current_catalogue(session).every_value
    return {
        "items": [stream_read(s, today=today).model_dump(mode="json") for s in rows],
        "next_cursor": next_cursor,
        "total": total,
        "facets": stream_facets(session=session, filters=f, today=today, every_value=every_value),
    }


def _memory(session: Session, f: StreamFilters, today: dt.date, **page: Any) -> dict[str, Any]:
    every_value = current_catalogue(session).every_value
    found = service.search_page(
        session=session, filters=f, today=today, every_value=every_value, **page
    )
    assert found is not None
    return found


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_snapshot_answers_as_sql_does(
    session: Session, many: Universe, data: st.DataObject
) -> None:
    filters = draw_filters(data, many)
    today = data.draw(st.dates(DAY - dt.timedelta(days=30), DAY + dt.timedelta(days=30)))
    page: dict[str, Any] = {
        "sort": data.draw(st.none() | st.sampled_from(SORTS)),
        "limit": data.draw(st.integers(1, 4)),
        "cursor": FIRST_PAGE,
    }
    for _ in range(3):  # the first pages, each from the cursor of the one before
        expected = _sql(session, filters, today, **page)
        assert _memory(session, filters, today, **page) == expected
        if expected["next_cursor"] is None:
            break
        page["cursor"] = Cursor(expected["next_cursor"])


def test_deleted_streams_never_appear(session: Session, many: Universe) -> None:
    filters = StreamFilters(statuses=["any"])
    found = _memory(session, filters, DAY, sort="name", limit=200, cursor=FIRST_PAGE)
    deleted = set(
        session.scalars(select(FundingStream.slug).where(FundingStream.deleted_at.is_not(None)))
    )
    assert deleted and not deleted & {i["id"] for i in found["items"]}
    assert found["total"] == len(found["items"])


def test_a_cursor_whose_stream_changed_is_answered_by_sql(
    client: TestClient, session: Session
) -> None:
    params = {"status": "any", "sort": "name", "limit": 1}
    first = client.get("/v1/streams", params=params).json()
    stream = session.scalar(
        select(FundingStream).where(FundingStream.slug == first["items"][0]["id"])
    )
    assert stream is not None
    stream.name = "ZZZ renamed"
    reindex_streams(session, [stream.pk])
    filters = StreamFilters(statuses=["any"])
    scope = cursor_scope("/v1/streams", [("status", "any"), ("sort", "name")])
    cursor = Cursor(first["next_cursor"], scope=scope)
    assert (
        service.search_page(
            session=session,
            filters=filters,
            sort="name",
            limit=1,
            cursor=cursor,
            today=dt.date.today(),
            every_value=None,
        )
        is None
    )
    second = client.get("/v1/streams", params={**params, "cursor": first["next_cursor"]})
    assert second.status_code == 200
    rows, _, _ = service.search_streams(
        session=session, filters=filters, sort="name", limit=1, cursor=cursor, today=dt.date.today()
    )
    assert [i["id"] for i in second.json()["items"]] == [s.slug for s in rows]


def test_a_write_then_a_rollback_leaves_the_search_as_it_was(session: Session) -> None:
    def search(q: str) -> dict[str, Any]:
        filters = StreamFilters(q=q, statuses=["any"])
        return _memory(session, filters, DAY, sort=None, limit=20, cursor=FIRST_PAGE)

    name = search("myends")["items"][0]["name"]
    assert search("zanzibar")["total"] == 0
    savepoint = session.begin_nested()
    stream = session.scalar(select(FundingStream).where(FundingStream.slug == "myends"))
    assert stream is not None
    stream.name = "MyEnds Zanzibar"
    reindex_streams(session, [stream.pk])
    during = search("zanzibar")["items"]
    assert [(i["id"], i["name"]) for i in during] == [("myends", "MyEnds Zanzibar")]
    savepoint.rollback()
    assert search("zanzibar")["total"] == 0
    assert search("myends")["items"][0]["name"] == name


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(st.sampled_from([*WORDS, "zzzz", "a_b", "_", "youth"]), min_size=1, max_size=3)
)
def test_a_querys_scores_are_its_words_scores_added_up(
    session: Session, many: Universe, words: list[str]
) -> None:
    # Each word is scored once and kept where scores add up (SQLite's bm25): the sum must be
    # the very double the whole query scores, or ties and cursors would differ from SQL's.
    snapshot = current_catalogue(session).search(session)
    query = " ".join(words)
    found = text_scores(session, snapshot, StreamFilters(q=query))
    if not search_words(query):  # "_" alone is no word
        assert found is None
        return
    whole = dict(zip(*text_scores_packed(session, search_words(query)), strict=True))
    assert found is not None
    mask, scores = found
    assert sorted(snapshot.members(mask)) == sorted(whole)
    assert {pk: scores[pk] for pk in whole} == whole
