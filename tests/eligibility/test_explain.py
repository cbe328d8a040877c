"""`explain`: the verdicts the pages show beside search results agree with the check's."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from app.eligibility.facts import Profile
from app.eligibility.service import check_eligibility, explain
from tests.conftest import SEED_TODAY


def test_explain_gives_each_named_stream_the_checks_verdict_and_reasons(
    session: Session,
) -> None:
    profile = Profile(
        applicant_type="registered-charity",
        annual_income_pence=6_000_000,
        years_operating=Decimal(3),
        activities=frozenset({"mentoring"}),
    )
    checked, _ = check_eligibility(
        session=session, profile=profile, today=SEED_TODAY, include_ineligible=True, limit=200
    )
    wanted = [c.card.slug for c in checked[:5]] + [c.card.slug for c in checked[-3:]]
    found = explain(session=session, profile=profile, stream_slugs=[*wanted, "no-such-stream"])
    assert set(found) == set(wanted)
    for c in checked:
        if c.card.slug in found:
            assert found[c.card.slug] == (c.verdict, c.reasons)
