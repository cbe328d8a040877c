"""Fixtures shared by the stream search tests."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import utcnow
from app.funders.models import Funder
from app.reference.models import Borough, VocabularyTerm
from app.streams.models import FundingStream, StreamBorough, StreamTerm
from app.streams.search import TERM_FILTERS
from app.streams.search_index import reindex_streams

DAY = dt.date(2026, 11, 25)


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
