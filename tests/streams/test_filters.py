"""One definition of the search filters (app/streams/filters.py): the SQL search, the in-process
snapshot, the facets of both, and saved-search matching all give its answers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.cursors import FIRST_PAGE
from app.publishing.events import snapshot_of
from app.publishing.matching import SavedFilters, stream_matches
from app.streams import service
from app.streams.catalogue import current_catalogue
from app.streams.facets import DIMENSIONS, stream_facets
from app.streams.filters import OPEN_WHEN_UNNAMED, StreamFacts, StreamFilters, stream_passes
from app.streams.models import FundingStream
from app.streams.search import search_words, text_hits
from app.streams.status import Status, stream_status
from tests.streams.generated import DAY, Universe, draw_filters

Row = tuple[str, StreamFacts, Status, bool]  # slug, facts, status, matches the text


def _rows(session: Session, filters: StreamFilters, today: dt.date) -> list[Row]:
    """Every live stream as the plain definition sees it, read through the ORM."""
    words = search_words(filters.q)
    hits: set[int] | None = None
    if words:
        found = text_hits(session, words)
        hits = set(session.scalars(select(found.c.stream_pk)))
    streams = session.scalars(
        select(FundingStream).where(FundingStream.deleted_at.is_(None))
    ).unique()
    return [
        (
            s.slug,
            snapshot_of(s).facts(),
            stream_status(s.opens_on, s.closes_on, s.programme_end, today=today),
            hits is None or s.pk in hits,
        )
        for s in streams
    ]


def _plain_facets(
    filters: StreamFilters, rows: list[Row], every_value: Mapping[str, Sequence[str]]
) -> dict[str, list[dict[str, Any]]]:
    """Facet counts by the definition: per dimension, the streams passing every other filter."""
    answer = {}
    for dimension in DIMENSIONS:
        base = filters.without(dimension) if filters.filters_on(dimension) else filters
        counts: Counter[str] = Counter()
        for _, facts, status, hit in rows:
            if not (hit and stream_passes(base, facts, status)):
                continue
            if dimension == "status":
                counts[status] += 1
                continue
            named = facts.named(dimension)
            if not named and dimension in OPEN_WHEN_UNNAMED:
                named = frozenset(every_value[dimension])
            counts.update(named)
        answer[dimension] = [
            {"value": v, "count": n} for v, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
        ]
    return answer


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_sql_snapshot_facets_and_saved_searches_follow_the_one_definition(
    session: Session, many: Universe, data: st.DataObject
) -> None:
    filters = draw_filters(data, many)
    today = data.draw(st.dates(DAY - dt.timedelta(days=30), DAY + dt.timedelta(days=30)))
    rows = _rows(session, filters, today)
    expected = {
        slug for slug, facts, status, hit in rows if hit and stream_passes(filters, facts, status)
    }
    every_value = current_catalogue(session).every_value

    found, _, total = service.search_streams(
        session=session, filters=filters, sort="name", limit=1000, cursor=FIRST_PAGE, today=today
    )
    assert {s.slug for s in found} == expected and total == len(expected)
    memory = service.search_page(
        session=session,
        filters=filters,
        sort="name",
        limit=1000,
        cursor=FIRST_PAGE,
        today=today,
        every_value=every_value,
    )
    assert memory is not None
    assert {i["id"] for i in memory["items"]} == expected

    facets = _plain_facets(filters, rows, every_value)
    assert (
        stream_facets(session=session, filters=filters, today=today, every_value=every_value)
        == facets
    )
    assert memory["facets"] == facets

    # A saved search holds the filters an alert can use; it matches what the search shows.
    saved = SavedFilters(
        boroughs=frozenset(filters.boroughs),
        terms={k: frozenset(v) for k, v in filters.terms.items() if v},
        funders=frozenset(filters.funders),
        age=filters.age,
        amount_pence=filters.amount_pence,
    )
    searched, _, _ = service.search_streams(
        session=session,
        filters=saved.as_search(),
        sort="name",
        limit=1000,
        cursor=FIRST_PAGE,
        today=today,
    )
    streams = session.scalars(select(FundingStream).where(FundingStream.deleted_at.is_(None)))
    alerted = {s.slug for s in streams.unique() if stream_matches(saved, snapshot_of(s))}
    assert alerted == {s.slug for s in searched}


LAMBETH = "E09000022"
GROUP = "unincorporated-community-group"


def test_a_stream_naming_no_applicant_types_is_open_to_every_type(
    on_seed_day: TestClient,
) -> None:
    def ids(**params: Any) -> set[str]:
        body = on_seed_day.get("/v1/streams", params={"status": "any", **params}).json()
        return {i["id"] for i in body["items"]}

    sport_in_lambeth = ids(borough=LAMBETH, activity="sport")
    with_type = ids(borough=LAMBETH, activity="sport", applicant_type=GROUP)
    verdicts = on_seed_day.post(
        "/v1/eligibility?include_ineligible=true&include_closed=true&limit=200",
        json={"organisation": {"applicant_type": GROUP}},
    ).json()["results"]
    refused = {
        r["stream"]["id"]
        for r in verdicts
        if any(x["rule"] == "applicant_type" and x["outcome"] == "fail" for x in r["reasons"])
    }
    assert with_type == sport_in_lambeth - refused
    assert len(with_type) >= 2
