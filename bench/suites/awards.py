"""Issue 4 at scale: 1,000,000 awards to 20,000 organisations (a few with thousands of awards),
then the overlap check, the priorities matrix and organisation pages over real HTTP.

The data is synthetic but shaped like 360Giving data: recipients follow a Zipf-like curve, most
awards name one borough, dates spread over eight years, amounts are log-normal. Organisation i
always has the same org-id and name (whatever the seed), so `run` can address them.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Iterator
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from app.awards.aggregates import rebuild as rebuild_aggregates
from app.awards.models import Award, AwardBorough, AwardTerm
from app.awards.search_index import rebuild as rebuild_search_index
from app.core.db import make_engine
from app.funders.models import Funder
from app.ops.seeding import load_seed
from app.ops.server import Server
from app.organisations.models import Organisation
from app.organisations.names import match_name
from app.reference.models import Borough, VocabularyTerm
from bench.harness import Call, Result, drive

AWARDS = 1_000_000
ORGANISATIONS = 20_000
EXTRA_FUNDERS = 40
CHUNK = 50_000
FIRST_DAY = dt.date(2017, 1, 1)
DAYS = 8 * 365
# Zipf-like weight of the organisation of rank i: the largest has about 13,000 awards.
ZIPF_OFFSET = 10

PLACES = ["North", "South", "East", "West", "Central", "Upper", "Lower", "Old", "New", "Greater"]
THEMES = [
    "Youth",
    "Mentoring",
    "Boxing",
    "Arts",
    "Music",
    "Football",
    "Family",
    "Women's",
    "Community",
    "Faith",
    "Hope",
    "Bridge",
    "Horizon",
    "Pathways",
    "Futures",
    "Voices",
    "Roots",
    "Rise",
    "Unity",
    "Safe",
    "Streets",
    "Kinship",
    "Harbour",
    "Beacon",
]
KINDS = [
    "Project",
    "Trust",
    "CIC",
    "Foundation",
    "Network",
    "Club",
    "Centre",
    "Partnership",
    "Collective",
    "Alliance",
]
WORDS = [
    "mentoring",
    "sessions",
    "workshops",
    "weekly",
    "outreach",
    "estates",
    "schools",
    "summer",
    "holiday",
    "evening",
    "football",
    "boxing",
    "music",
    "drama",
    "dance",
    "coaching",
    "counselling",
    "therapy",
    "families",
    "parents",
    "girls",
    "boys",
    "exclusion",
    "knife",
    "gangs",
    "exploitation",
    "safety",
    "online",
    "trauma",
    "employment",
    "training",
    "apprenticeships",
    "leadership",
    "peer",
    "support",
    "advocacy",
    "mediation",
    "detached",
    "youth",
    "club",
    "residential",
    "trips",
    "volunteers",
    "transition",
    "secondary",
    "primary",
    "hospital",
    "referral",
]


# A long tail of rarer words (place and project names), as real descriptions have.
_SYLLABLES = ["ka", "lo", "mi", "ren", "do", "sha", "vel", "tor", "bri", "nu", "zan", "el"]
RARE_WORDS = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES]


def _description(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=9) + rng.choices(RARE_WORDS, k=3))


def org_id(i: int) -> str:
    if i % 10 == 9:
        return f"360G-bench-org-{i}"
    if i % 10 in (7, 8):
        return f"GB-COH-{10_000_000 + i:08d}"
    return f"GB-CHC-{2_000_000 + i}"


def org_name(i: int) -> str:
    # Every 50th funder-made record is a second record of the organisation before it.
    j = i - 1 if i % 50 == 49 else i
    # A distinctive word per organisation, as real names have ("Dwaynamics", "Flavasum").
    own = RARE_WORDS[j % len(RARE_WORDS)] + RARE_WORDS[j // len(RARE_WORDS)]
    return (
        f"{PLACES[j % len(PLACES)]} {own.title()} {THEMES[(j // 10) % len(THEMES)]} "
        f"{KINDS[(j // 250) % len(KINDS)]}"
    )


def _weights() -> list[float]:
    return [1 / (i + ZIPF_OFFSET) for i in range(ORGANISATIONS)]


def _organisations() -> Iterator[dict[str, Any]]:
    for i in range(ORGANISATIONS):
        name = org_name(i)
        yield {"org_id": org_id(i), "name": name, "match_name": match_name(name)}


class _Generator:
    def __init__(self, session: Session, seed: int) -> None:
        self.rng = random.Random(seed)
        self.boroughs = list(session.scalars(select(Borough.gss_code)))
        self.names = {c: n for c, n in session.execute(select(Borough.gss_code, Borough.name))}
        terms = session.execute(select(VocabularyTerm.vocabulary, VocabularyTerm.slug)).all()
        self.terms = {
            v: [s for vv, s in terms if vv == v]
            for v in ("activity", "violence_type", "beneficiary_group")
        }
        self.funders = list(session.scalars(select(Funder.pk)))
        self.org_pks = {
            o: p for o, p in session.execute(select(Organisation.org_id, Organisation.pk))
        }
        self.recipients = [self.org_pks[org_id(i)] for i in range(ORGANISATIONS)]

    def chunk(self, start: int, size: int) -> tuple[list[dict[str, Any]], list[Any], list[Any]]:
        rng = self.rng
        recipients = rng.choices(self.recipients, weights=_weights(), k=size)
        awards: list[dict[str, Any]] = []
        boroughs: list[Any] = []
        terms: list[Any] = []
        for n in range(size):
            pk = start + n
            award_date = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
            planned = rng.random() < 0.8
            begins = award_date + dt.timedelta(days=rng.randrange(90))
            count = rng.choices((0, 1, 2, 3), weights=(3, 85, 8, 4))[0]
            places = rng.sample(self.boroughs, count)
            activities = rng.sample(self.terms["activity"], rng.choice((1, 1, 2)))
            words = _description(rng)
            where = self.names[places[0]] if places else "London"
            awards.append(
                {
                    "pk": pk,
                    "identifier": f"360G-bench-{pk}",
                    "funder_pk": rng.choice(self.funders),
                    "recipient_pk": recipients[n],
                    "title": f"{activities[0].replace('-', ' ').title()} in {where}",
                    "description": f"{words} in {where}",
                    "amount_pence": int(math.exp(rng.gauss(9.5, 1.1))) * 100,
                    "currency": "GBP",
                    "award_date": award_date,
                    "planned_start": begins if planned else None,
                    "planned_end": begins + dt.timedelta(days=rng.randrange(180, 1096))
                    if planned
                    else None,
                    "provenance": "import",
                }
            )
            boroughs.extend((pk, code) for code in places)
            terms.extend((pk, "activity", s) for s in activities)
            for vocabulary in ("violence_type", "beneficiary_group"):
                for slug in rng.sample(self.terms[vocabulary], rng.choice((0, 1, 1, 2))):
                    terms.append((pk, vocabulary, slug))
        return awards, boroughs, terms


def _copy(session: Session, table: str, columns: str, rows: list[Any]) -> None:
    raw: Any = session.connection().connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def prepare(database_url: str, *, seed: int) -> None:
    engine = make_engine(database_url)
    postgresql = engine.dialect.name == "postgresql"
    started = time.monotonic()
    with Session(engine) as session, session.begin():
        load_seed(session)
        session.execute(
            insert(Funder),
            [
                {"slug": f"bench-funder-{i}", "name": f"Bench Funder {i}", "kind": "trust"}
                for i in range(EXTRA_FUNDERS)
            ],
        )
        session.execute(insert(Organisation), list(_organisations()))
        generator = _Generator(session, seed)
        first = (session.scalar(select(Award.pk).order_by(Award.pk.desc()).limit(1)) or 0) + 1
        for start in range(first, first + AWARDS, CHUNK):
            awards, boroughs, terms = generator.chunk(start, min(CHUNK, first + AWARDS - start))
            if postgresql:
                columns = list(awards[0])
                _copy(session, "awards", ", ".join(columns), [tuple(a.values()) for a in awards])
                _copy(session, "award_boroughs", "award_pk, gss_code", boroughs)
                _copy(session, "award_terms", "award_pk, vocabulary, slug", terms)
            else:
                session.execute(insert(Award), awards)
                session.execute(
                    insert(AwardBorough), [{"award_pk": p, "gss_code": c} for p, c in boroughs]
                )
                session.execute(
                    insert(AwardTerm),
                    [{"award_pk": p, "vocabulary": v, "slug": s} for p, v, s in terms],
                )
        print(f"  awards inserted in {time.monotonic() - started:.0f} s", flush=True)
        rebuild_search_index(session)
        print(f"  full-text index in {time.monotonic() - started:.0f} s", flush=True)
        rebuild_aggregates(session)
        print(f"  aggregates in {time.monotonic() - started:.0f} s", flush=True)
    # PostgreSQL: VACUUM sets the visibility map, without which index-only scans (an
    # organisation's totals) still read the table.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if postgresql else "ANALYZE"))
    engine.dispose()
    print(f"  prepared in {time.monotonic() - started:.0f} s", flush=True)


def _proposal(i: int) -> Call:
    rng = random.Random(i)
    rank = rng.choices(range(ORGANISATIONS), weights=_weights())[0]
    start = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    body: dict[str, Any] = {
        "boroughs": [f"E09{rng.randrange(1, 34):06d}"],
        "activities": [rng.choice(["mentoring", "sport", "arts", "detached-youth-work"])],
        "beneficiary_groups": [rng.choice(["young-people", "children", "families"])],
        "violence_types": ["knife-crime"],
        "planned_start": start.isoformat(),
        "planned_end": (start + dt.timedelta(days=365)).isoformat(),
        "title": "Mentoring and boxing after school",
        "description": _description(rng),
        "amount": 25000,
    }
    mode = i % 4
    if mode in (0, 1):
        body["recipient"] = {"org_id": org_id(rank)}
    elif mode == 2:
        body["recipient"] = {"name": org_name(rank)}
    return Call("POST", "/v1/overlap/check", json=body)


def _organisation(i: int) -> Call:
    rng = random.Random(i)
    rank = 0 if i % 10 == 0 else rng.choices(range(ORGANISATIONS), weights=_weights())[0]
    return Call("GET", f"/v1/organisations/{org_id(rank)}")


def run(server: Server) -> list[Result]:
    url = server.base_url
    return [
        drive("overlap check (c=1)", url, _proposal, count=1000),
        drive("overlap check (c=4)", url, _proposal, count=1000, concurrency=4),
        drive(
            "priorities borough x activity, all awards",
            url,
            lambda i: Call(
                "GET", "/v1/insights/priorities", params={"rows": "borough", "cols": "activity"}
            ),
            count=200,
            warmup=5,
        ),
        drive(
            "priorities funder x year, all awards",
            url,
            lambda i: Call(
                "GET", "/v1/insights/priorities", params={"rows": "funder", "cols": "year"}
            ),
            count=200,
            warmup=5,
        ),
        drive(
            "priorities borough x activity, 2019-03-15..2021-10-20",
            url,
            lambda i: Call(
                "GET",
                "/v1/insights/priorities",
                params={
                    "rows": "borough",
                    "cols": "activity",
                    "from": "2019-03-15",
                    "to": "2021-10-20",
                },
            ),
            count=100,
            warmup=5,
        ),
        drive(
            "gaps for mentoring",
            url,
            lambda i: Call("GET", "/v1/insights/gaps", params={"activity": "mentoring"}),
            count=200,
            warmup=5,
        ),
        drive("organisation page (10% the largest)", url, _organisation, count=1000),
    ]
