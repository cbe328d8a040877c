"""Search and eligibility at 10,000 streams.

`prepare` loads the seed (boroughs, vocabularies, funders, real streams) and adds 10,000
synthetic streams, reproducible from `seed`: varied funders, vocabulary terms, boroughs,
eligibility rules and dates around today (most rounds closed, as in a real catalogue), written with
bulk inserts and then indexed once.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.core.db import make_engine
from app.funders.models import Funder
from app.ops.seeding import load_seed
from app.ops.server import Server
from app.reference.models import Borough, VocabularyTerm
from app.streams.models import EligibilityRules, FundingStream, StreamBorough, StreamTerm
from app.streams.search_index import reindex_all
from bench.harness import Call, Result, drive, drive_wrk

STREAMS = 10_000
THEMES = [
    "Youth Futures", "Safer Streets", "Community Resilience", "Positive Pathways",
    "Stronger Families", "Violence Prevention", "Young Voices", "Healthy Minds",
    "Second Chances", "Bright Futures",
]  # fmt: skip
KINDS = ["Fund", "Grants", "Programme", "Small Grants", "Challenge Fund", "Partnership Fund"]
FUNDER_WORDS = ["Trust", "Foundation", "Charitable Trust", "Community Fund", "Borough Council"]
PLACES = ["London", "North", "South", "East", "West", "Central", "Riverside", "Hill", "Park"]


def _some(rng: random.Random, items: list[str], low: int, high: int) -> list[str]:
    return rng.sample(items, min(len(items), rng.randint(low, high)))


def prepare(url: str, *, seed: int) -> None:
    rng = random.Random(seed)
    engine = make_engine(url)
    today = dt.date.today()
    with Session(engine) as session, session.begin():
        load_seed(session)
        for i in range(120):
            name = (
                f"{rng.choice(PLACES)} {rng.choice(THEMES).split()[0]} {rng.choice(FUNDER_WORDS)}"
            )
            session.add(Funder(slug=f"bench-funder-{i}", name=f"{name} {i}", kind="trust"))
        session.flush()
        funders = session.scalars(select(Funder.pk)).all()
        boroughs = list(session.scalars(select(Borough.gss_code)))
        labels: dict[str, list[tuple[str, str]]] = {}
        for term in session.scalars(select(VocabularyTerm)):
            labels.setdefault(term.vocabulary, []).append((term.slug, term.label))
        first = (
            session.scalar(select(FundingStream.pk).order_by(FundingStream.pk.desc())) or 0
        ) + 1
        streams, rules, terms, places = [], [], [], []
        for n in range(STREAMS):
            pk = first + n
            chosen = {v: _some(rng, [s for s, _ in labels[v]], 0, 4) for v in labels}
            chosen["activity"] = _some(rng, [s for s, _ in labels["activity"]], 1, 4)
            words = [lbl for v, pairs in labels.items() for s, lbl in pairs if s in chosen[v]]
            opens = today + dt.timedelta(days=rng.randint(-900, 60))
            closes = (
                None if rng.random() < 0.12 else opens + dt.timedelta(days=rng.randint(20, 150))
            )
            end = None if closes else opens + dt.timedelta(days=rng.randint(200, 900))
            low = rng.choice([None, 500, 1000, 5000, 10000])
            high = rng.choice([None, 10000, 25000, 50000, 150000, 500000])
            if low and high and low > high:
                low, high = high, low
            age_min = rng.choice([None, 5, 8, 10, 11, 14, 16])
            age_max = None if age_min is None else age_min + rng.randint(4, 15)
            name = (
                f"{rng.choice(PLACES)} {rng.choice(THEMES)} {rng.choice(KINDS)} {opens.year} #{n}"
            )
            streams.append({
                "pk": pk, "slug": f"bench-stream-{n}", "funder_pk": rng.choice(funders),
                "name": name,
                "summary": f"Grants for {', '.join(words[:3]).lower()} in London.",
                "description": f"{name} supports {'; '.join(words).lower()}. "
                               f"Projects must show how they reduce violence and its causes.",
                "opens_on": opens, "closes_on": closes,
                "programme_end": end,
                "min_award_pence": low * 100 if low else None,
                "max_award_pence": high * 100 if high else None,
                "max_duration_months": rng.choice([None, 12, 24, 36]),
                "age_min": age_min, "age_max": age_max, "currency": "GBP", "illustrative": False,
                "published_at": dt.datetime.combine(opens, dt.time(9), dt.UTC),
                "updated_at": dt.datetime.combine(opens, dt.time(9), dt.UTC),
            })  # fmt: skip
            income_max = rng.choice([None, None, 50_000, 100_000, 250_000, 1_000_000])
            rules.append({
                "stream_pk": pk,
                "income_min_pence": None,
                "income_max_pence": income_max * 100 if income_max else None,
                "min_years_operating": rng.choice([None, None, 1, 2, 3]),
                "max_grant_to_income_ratio": rng.choice([None, None, None, 0.5, 0.3333]),
                "registered_number_required": rng.choice([None, True, False]),
                "safeguarding_policy_required": rng.choice([None, True, True]),
                "london_based_required": rng.choice([None, True]),
                "other_criteria": "Applicants must be based in London and work with young people.",
            })  # fmt: skip
            for vocabulary, slugs in chosen.items():
                terms += [{"stream_pk": pk, "vocabulary": vocabulary, "slug": s} for s in slugs]
            if rng.random() < 0.4:
                places += [{"stream_pk": pk, "gss_code": c} for c in _some(rng, boroughs, 1, 4)]
        session.execute(insert(FundingStream), streams)
        session.execute(insert(EligibilityRules), rules)
        session.execute(insert(StreamTerm), terms)
        if places:
            session.execute(insert(StreamBorough), places)
        reindex_all(session)
    engine.dispose()


WORDS = ["mentoring", "youth", "sport", "safer", "families", "violence", "arts", "community"]
ACTIVITIES = ["mentoring", "sport", "arts", "youth-clubs", "mediation", "parenting-support"]
GROUPS = ["young-people", "children", "families", "young-adults"]


def _borough(i: int) -> str:
    return f"E09{i % 33 + 1:06d}"


def search_call(i: int) -> Call:
    params: dict[str, Any] = {
        "q": WORDS[i % len(WORDS)],
        "borough": _borough(i),
        "activity": ACTIVITIES[i % len(ACTIVITIES)],
        "beneficiary_group": GROUPS[i % len(GROUPS)],
        "facets": "true",
    }
    return Call("GET", "/v1/streams", params=params)


def eligibility_call(i: int) -> Call:
    body = {
        "organisation": {
            "applicant_type": ["cic", "registered-charity", "unincorporated-community-group"][
                i % 3
            ],
            "annual_income": [30_000, 80_000, 400_000][i % 3],
            "years_operating": i % 5,
            "boroughs": [_borough(i)],
            "has_safeguarding_policy": i % 2 == 0,
        },
        "project": {
            "activities": [ACTIVITIES[i % len(ACTIVITIES)]],
            "boroughs": [_borough(i)],
            "beneficiary_groups": [GROUPS[i % len(GROUPS)]],
            "age_min": 11,
            "age_max": 18,
            "amount_requested": [5_000, 20_000, 60_000][i % 3],
            "duration_months": 12,
        },
    }
    return Call("POST", "/v1/eligibility", json=body)


def find_page_call(i: int) -> Call:
    """The find-funding page (app/web) with a full profile, words and filters: the search and
    each shown result's verdict and reasons, rendered as HTML."""
    profile = eligibility_call(i).json
    assert profile is not None
    org, project = profile["organisation"], profile["project"]
    params: dict[str, Any] = {
        "q": WORDS[i % len(WORDS)],
        "borough": _borough(i),
        "activity": ACTIVITIES[i % len(ACTIVITIES)],
        "org_type": org["applicant_type"],
        "income": str(org["annual_income"]),
        "years": str(org["years_operating"]),
        "safeguarding": "yes" if org["has_safeguarding_policy"] else "no",
        "based_in": org["boroughs"][0],
        "does": project["activities"],
        "runs_in": project["boroughs"],
        "serves": project["beneficiary_groups"],
        "age_from": "11",
        "age_to": "18",
        "amount": str(project["amount_requested"]),
        "months": "12",
    }
    return Call("GET", "/", params=params)


def run(server: Server) -> list[Result]:
    url = server.base_url
    results = [
        drive("search: text + 3 filters + facets", url, search_call, count=1000),
        drive(
            "search: text + 3 filters + facets (c=8)", url, search_call, count=2000, concurrency=8
        ),
    ]
    # After the runs above: the server is warm, as it is for the asyncio client's figures.
    by_wrk = drive_wrk("search: text + 3 filters + facets (c=8, wrk)", url, search_call)
    return [
        *results,
        *([by_wrk] if by_wrk else []),
        drive("eligibility check", url, eligibility_call, count=500),
        drive("eligibility check (c=8)", url, eligibility_call, count=500, concurrency=8),
        drive("find-funding page: full profile + text + 2 filters", url, find_page_call, count=500),
    ]
