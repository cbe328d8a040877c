"""The quick verdict (no messages) decides as the rules with their messages do."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.eligibility.facts import Names, Profile, StreamRules
from app.eligibility.rules import check, verdict
from app.eligibility.verdicts import quick_verdict
from tests.eligibility.test_rules import codes, pence, slugs, streams

NAMES = Names(boroughs={}, terms={})

# Every field may be left out, so that every unknown is reached as well as every pass and fail.
profiles = st.builds(
    Profile,
    applicant_type=st.none() | st.sampled_from(["cic", "cio", "school", "unincorporated"]),
    annual_income_pence=st.none() | pence,
    years_operating=st.none() | st.decimals(0, 10, places=1),
    organisation_boroughs=codes,
    registered_number=st.none() | st.just("1234567"),
    has_safeguarding_policy=st.none() | st.booleans(),
    activities=slugs,
    project_boroughs=codes,
    beneficiary_groups=slugs,
    age_min=st.none() | st.integers(0, 30),
    age_max=st.none() | st.integers(0, 30),
    violence_types=slugs,
    amount_requested_pence=st.none() | st.integers(0, 20_000_000),
    duration_months=st.none() | st.integers(1, 60),
)


@given(profiles, streams)
def test_the_quick_verdict_is_the_verdict_of_the_reasons(p: Profile, s: StreamRules) -> None:
    if p.age_min is not None and p.age_max is not None and p.age_min > p.age_max:
        p = Profile(**{**{f: getattr(p, f) for f in p.__slots__}, "age_max": p.age_min})
    assert quick_verdict(p, s) == verdict(check(p, s, NAMES))
