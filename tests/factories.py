"""Builders shared by the tests: API keys by role, request bodies for writes, and ETag helpers."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.auth.service import create_key
from app.funders.models import Funder

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
        "admin": create_key(session=session, name="test-admin", role="admin"),
        "funder": create_key(
            session=session, name="test-mopac", role="funder", funders=[MOPAC, EMPTY_FUNDER]
        ),
        "commissioner": create_key(
            session=session, name="test-croydon", role="commissioner", boroughs=[CROYDON]
        ),
    }
    # Released into the test's outer transaction, so a request that rolls back keeps the keys.
    session.commit()
    return {role: {"Authorization": f"Bearer {k.secret}"} for role, k in made.items()}


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
