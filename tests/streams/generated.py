"""Generated streams and search filters, for tests that compare ways of searching."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import utcnow
from app.funders.models import Funder
from app.reference.models import Borough, VocabularyTerm
from app.streams.filters import TERM_FILTERS, StreamFilters
from app.streams.models import FundingStream, StreamBorough, StreamTerm
from app.streams.search_index import reindex_streams

DAY = dt.date(2026, 11, 25)
WORDS = ["youth", "mentoring", "safer", "streets", "the", "fund", "zzzz", "violence", "london"]
STATUSES = ["forthcoming", "open", "closing_soon", "closed", "rolling", "any"]
Universe = dict[str, list[str]]


def add_many_streams(session: Session) -> Universe:
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
    return {
        "terms": [f"{v}:{s}" for v, slugs in terms.items() for s in slugs if v in TERM_FILTERS],
        "boroughs": codes,
        "funders": [f.slug for f in funders],
    }


def draw_filters(data: st.DataObject, many: Universe) -> StreamFilters:
    """Random filters over the values `add_many_streams` uses (text included)."""

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
    return StreamFilters(
        q=data.draw(
            st.none() | st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(" ".join)
        ),
        boroughs=some(many["boroughs"]),
        terms=terms,
        funders=some(many["funders"]),
        statuses=some(STATUSES),
        age=data.draw(st.none() | st.integers(5, 30)),
        amount_pence=data.draw(st.none() | st.sampled_from([10_000, 100_000, 1_000_000])),
        closes_after=after,
        closes_before=before,
    )
