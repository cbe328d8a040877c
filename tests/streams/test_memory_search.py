"""The in-process search (snapshot, set operations) gives the SQL search's answers: same items
in the same order, same totals, cursors and facets, on random filter combinations."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import utcnow
from app.funders.models import Funder
from app.reference.models import Borough, VocabularyTerm
from app.streams import service
from app.streams.facets import stream_facets
from app.streams.models import FundingStream, StreamBorough, StreamTerm
from app.streams.representation import stream_read
from app.streams.search import SORTS, TERM_FILTERS, StreamFilters
from app.streams.search_index import reindex_streams

DAY = dt.date(2026, 11, 25)
WORDS = ["youth", "mentoring", "safer", "streets", "the", "fund", "zzzz", "violence", "london"]


@pytest.fixture
def many(session: Session) -> Iterator[dict[str, list[str]]]:
    """About 80 extra streams with random terms, boroughs, dates and amounts (some deleted,
    some sharing a name or a deadline, so that ties need the pk to break them)."""
    rng = random.Random(11)
    funders = list(session.scalars(select(Funder)))
    codes = list(session.scalars(select(Borough.gss_code)))
    terms: dict[str, list[str]] = {}
    for vocabulary, slug in session.execute(select(VocabularyTerm.vocabulary, VocabularyTerm.slug)):
        terms.setdefault(vocabulary, []).append(slug)
    added = []
    for n in range(80):
        opens = DAY + dt.timedelta(days=rng.randint(-200, 40))
        closes = None if rng.random() < 0.15 else opens + dt.timedelta(days=rng.randint(10, 90))
        low = rng.choice([None, 50_000, 100_000])
        stream = FundingStream(
            slug=f"random-{n}",
            funder=rng.choice(funders),
            name=rng.choice(["Safer Streets Fund", "Youth Mentoring Grants", f"Fund {n}"]),
            summary=rng.choice(["Mentoring for youth.", "Violence prevention in London.", ""]),
            description=rng.choice(["Safer streets for young people.", "Sport and arts."]),
            opens_on=opens,
            closes_on=closes,
            programme_end=None if closes else opens + dt.timedelta(days=rng.randint(-10, 400)),
            min_award_pence=low,
            max_award_pence=rng.choice([None, 500_000, 2_000_000]),
            age_min=rng.choice([None, 10, 14]),
            age_max=rng.choice([None, 18, 25]),
            illustrative=rng.random() < 0.1,
            published_at=dt.datetime.combine(opens, dt.time(rng.randint(0, 23)), dt.UTC),
        )
        for vocabulary in TERM_FILTERS:
            for slug in rng.sample(terms[vocabulary], rng.randint(0, 3)):
                stream.terms.append(StreamTerm(vocabulary=vocabulary, slug=slug))
        if rng.random() < 0.4:
            stream.boroughs = [StreamBorough(gss_code=c) for c in rng.sample(codes, 2)]
        if rng.random() < 0.1:
            stream.deleted_at = utcnow()
        session.add(stream)
        added.append(stream)
    session.flush()
    reindex_streams(session, [s.pk for s in added])
    yield {
        "terms": [f"{v}:{s}" for v, slugs in terms.items() for s in slugs if v in TERM_FILTERS],
        "boroughs": codes,
        "funders": [f.slug for f in funders],
    }


def _sql(session: Session, f: StreamFilters, today: dt.date, **page: Any) -> dict[str, Any]:
    rows, next_cursor, total = service.search_streams(
        session=session, filters=f, today=today, **page
    )
    codes = list(session.scalars(select(Borough.gss_code)))
    return {
        "items": [stream_read(s, today=today).model_dump(mode="json") for s in rows],
        "next_cursor": next_cursor,
        "total": total,
        "facets": stream_facets(session=session, filters=f, today=today, borough_codes=codes),
    }


def _memory(session: Session, f: StreamFilters, today: dt.date, **page: Any) -> dict[str, Any]:
    codes = list(session.scalars(select(Borough.gss_code)))
    found = service.search_page(
        session=session, filters=f, today=today, borough_codes=codes, **page
    )
    assert found is not None
    return found


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_snapshot_answers_as_sql_does(
    session: Session, many: dict[str, list[str]], data: st.DataObject
) -> None:
    def some(values: list[str], most: int = 2) -> list[str]:
        return data.draw(st.lists(st.sampled_from(values), max_size=most, unique=True))

    terms: dict[str, list[str]] = {v: [] for v in TERM_FILTERS}
    for pair in some(many["terms"], 3):
        vocabulary, slug = pair.split(":")
        terms[vocabulary].append(slug)
    after = data.draw(st.none() | st.dates(DAY - dt.timedelta(days=60), DAY + dt.timedelta(60)))
    before = data.draw(st.none() | st.dates(DAY, DAY + dt.timedelta(days=200)))
    if after is not None and before is not None and after > before:
        after, before = before, after
    filters = StreamFilters(
        q=data.draw(
            st.none() | st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(" ".join)
        ),
        boroughs=some(many["boroughs"]),
        terms=terms,
        funders=some(many["funders"]),
        statuses=some(["forthcoming", "open", "closing_soon", "closed", "rolling", "any"]),
        age=data.draw(st.none() | st.integers(5, 30)),
        amount_pence=data.draw(st.none() | st.sampled_from([10_000, 100_000, 1_000_000])),
        closes_after=after,
        closes_before=before,
    )
    today = data.draw(st.dates(DAY - dt.timedelta(days=30), DAY + dt.timedelta(days=30)))
    page: dict[str, Any] = {
        "sort": data.draw(st.none() | st.sampled_from(SORTS)),
        "limit": data.draw(st.integers(1, 4)),
        "cursor": None,
    }
    for _ in range(3):  # the first pages, each from the cursor of the one before
        expected = _sql(session, filters, today, **page)
        assert _memory(session, filters, today, **page) == expected
        if expected["next_cursor"] is None:
            break
        page["cursor"] = expected["next_cursor"]


def test_deleted_streams_never_appear(session: Session, many: dict[str, list[str]]) -> None:
    filters = StreamFilters(statuses=["any"])
    found = _memory(session, filters, DAY, sort="name", limit=200, cursor=None)
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
    cursor = first["next_cursor"]
    assert (
        service.search_page(
            session=session,
            filters=filters,
            sort="name",
            limit=1,
            cursor=cursor,
            today=dt.date.today(),
            borough_codes=None,
        )
        is None
    )
    second = client.get("/v1/streams", params={**params, "cursor": cursor})
    assert second.status_code == 200
    rows, _, _ = service.search_streams(
        session=session, filters=filters, sort="name", limit=1, cursor=cursor, today=dt.date.today()
    )
    assert [i["id"] for i in second.json()["items"]] == [s.slug for s in rows]


def test_a_write_then_a_rollback_leaves_the_search_as_it_was(session: Session) -> None:
    def search(q: str) -> dict[str, Any]:
        filters = StreamFilters(q=q, statuses=["any"])
        return _memory(session, filters, DAY, sort=None, limit=20, cursor=None)

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
