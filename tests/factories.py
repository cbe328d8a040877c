"""Builders shared by the tests: funders, streams, awards and API keys added to a session
(flushed, not committed: the test's transaction takes them away), request bodies, ETag helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.service import create_key
from app.awards.models import Award, AwardBorough
from app.awards.recipients import upsert_organisation
from app.core.clock import utcnow
from app.funders.models import Funder
from app.streams.models import FundingStream

MOPAC = "mayors-office-for-policing-and-crime"
GLA = "greater-london-authority"
CROYDON = "E09000008"
HAVERING = "E09000016"
OWN_STREAM = "knife-crime-community-seed-fund-2017-18"  # MOPAC's
OTHER_STREAM = "young-londoners-fund-round-1"  # the GLA's
OWN_AWARD = "360G-signpost-kccsf-2018-croydon-bme-forum"  # MOPAC's, in Croydon
OTHER_AWARD = "360G-signpost-ylf-havering-life-line-community-projects"  # the GLA's, in Havering
EMPTY_FUNDER = "test-empty-funder"  # in the funder key's scope, with no streams or awards
OTHER_EMPTY_FUNDER = "test-other-empty-funder"


def version_of(etag: str) -> int:
    """The version in an ETag: `"3"` from a write, `"3.<body hash>"` from a GET."""
    return int(etag.strip('"').split(".")[0])


def first_funder(session: Session) -> Funder:
    """A seeded funder, for a test that needs one but not a particular one."""
    funder = session.scalars(select(Funder)).first()
    assert funder is not None
    return funder


def add_funder(session: Session, slug: str, *, name: str = "Test funder", kind: str = "") -> Funder:
    funder = Funder(slug=slug, name=name, kind=kind)
    session.add(funder)
    session.flush()
    return funder


def new_key(session: Session, name: str, role: str, **scope: list[str]) -> str:
    """A new API key's secret."""
    return create_key(session=session, name=name, role=role, **scope).secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def add_stream(
    session: Session,
    slug: str,
    *,
    closes_in_days: int | None = 30,
    activities: tuple[str, ...] = ("mentoring",),
    boroughs: tuple[str, ...] = (),
    max_award_pence: int | None = 1_000_000,
    funder: str = "greater-london-authority",
) -> FundingStream:
    """Adds a stream as a write path would (flushed, not committed)."""
    owner = session.scalars(select(Funder).where(Funder.slug == funder)).one()
    today = utcnow().date()
    stream = FundingStream(
        slug=slug,
        funder=owner,
        name=f"Test round {slug}",
        summary="",
        description="",
        url=f"https://example.org/{slug}",
        closes_on=None if closes_in_days is None else today + dt.timedelta(days=closes_in_days),
        max_award_pence=max_award_pence,
        currency="GBP",
        illustrative=True,
    )
    stream.set_slugs("activity", list(activities))
    stream.set_boroughs(list(boroughs))
    session.add(stream)
    session.flush()
    return stream


def add_award(
    session: Session,
    identifier: str,
    *,
    recipient: tuple[str, str],
    funder: Funder | None = None,
    title: str = "",
    description: str = "",
    amount_pence: int = 100,
    award_date: dt.date | None = None,
    boroughs: Sequence[str] = (),
    terms: Mapping[str, Sequence[str]] | None = None,
    deleted_at: dt.datetime | None = None,
) -> Award:
    """Adds an award (provenance `manual`) to `recipient` (org-id, name), created if new; by
    the first funder unless one is given. Flushed; what is derived from it is the caller's."""
    org_id, name = recipient
    organisation = upsert_organisation(session=session, org_id=org_id, name=name)
    award = Award(
        identifier=identifier,
        funder_pk=(funder or first_funder(session)).pk,
        recipient_pk=organisation.pk,
        title=title,
        description=description,
        amount_pence=amount_pence,
        award_date=award_date,
        provenance="manual",
        deleted_at=deleted_at,
    )
    for vocabulary, slugs in (terms or {}).items():
        award.set_slugs(vocabulary, list(slugs))
    if boroughs:
        award.boroughs = [AwardBorough(gss_code=c) for c in boroughs]
    session.add(award)
    session.flush()
    return award


@pytest.fixture
def keys(session: Session) -> dict[str, dict[str, str]]:
    """Authorization headers by role: admin, funder (MOPAC), commissioner (Croydon)."""
    session.add_all(
        [
            Funder(slug=EMPTY_FUNDER, name="Empty Funder", kind=""),
            Funder(slug=OTHER_EMPTY_FUNDER, name="Other Empty Funder", kind=""),
        ]
    )
    session.flush()
    made = {
        "admin": new_key(session, "test-admin", "admin"),
        "funder": new_key(session, "test-mopac", "funder", funders=[MOPAC, EMPTY_FUNDER]),
        "commissioner": new_key(session, "test-croydon", "commissioner", boroughs=[CROYDON]),
    }
    # Released into the test's outer transaction, so a request that rolls back keeps the keys.
    session.commit()
    return {role: bearer(secret) for role, secret in made.items()}


def if_match(client: TestClient, path: str, headers: dict[str, str]) -> dict[str, str]:
    """`headers` plus If-Match with the resource's current ETag."""
    response = client.get(path)
    assert response.status_code == 200, response.text
    return {**headers, "If-Match": response.headers["etag"]}


def stream_body(slug: str, funder: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": slug,
        "funder": funder,
        "name": f"Test stream {slug}",
        "summary": "A test round.",
        "opens_on": "2027-01-01",
        "closes_on": "2027-03-01",
        "min_award": 1000,
        "max_award": 10000.5,
        "activities": ["mentoring"],
        "boroughs": [CROYDON],
        "eligibility": {"applicant_types": ["registered-charity"], "income_max": 250000},
        "sources": [{"url": "https://example.org/round", "title": "Round page"}],
        **extra,
    }


def award_body(identifier: str, funder: str, boroughs: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "id": identifier,
        "funder": funder,
        "recipient": {"org_id": "GB-CHC-1234567", "name": "Test Youth Trust"},
        "title": "Mentoring for young people",
        "amount": 12500.25,
        "award_date": "2026-10-01",
        "boroughs": boroughs,
        "activities": ["mentoring"],
        **extra,
    }
