from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from app.awards.period import Period, award_period
from app.awards.terms import Terms
from app.overlap.scoring import (
    Candidate,
    Proposal,
    RecipientMatch,
    Risk,
    classify,
    overall_risk,
    overlap_days,
)

BY_ID = RecipientMatch("org_id", 1.0)
START = dt.date(2018, 4, 1)


def _terms(**kwargs: list[str]) -> Terms:
    return Terms(**{k: frozenset(v) for k, v in kwargs.items()})


def _risk(proposal: Proposal, candidates: list[Candidate]) -> Risk:
    matches = [m for c in candidates if (m := classify(proposal, c)) is not None]
    return overall_risk(matches)[0]


def test_an_award_without_planned_dates_runs_a_year_from_its_award_date() -> None:
    period = award_period(dt.date(2018, 3, 20), None, None)
    assert period == Period(dt.date(2018, 3, 20), dt.date(2019, 3, 20), assumed=True)
    assert award_period(None, None, None) is None


def test_overlap_counts_shared_days_inclusive() -> None:
    a = Period(dt.date(2020, 1, 1), dt.date(2020, 1, 10))
    assert overlap_days(a, Period(dt.date(2020, 1, 10), dt.date(2020, 2, 1))) == 1
    assert overlap_days(a, Period(dt.date(2020, 1, 11), dt.date(2020, 2, 1))) == 0
    assert overlap_days(a, None) is None


def test_same_recipient_and_activity_in_overlapping_dates_is_high_with_reasons() -> None:
    terms = _terms(boroughs=["E09000008"], activities=["mentoring"])
    proposal = Proposal(terms, Period(START, START + dt.timedelta(days=200)))
    candidate = Candidate(terms, Period(START, START + dt.timedelta(days=100)), recipient=BY_ID)
    match = classify(proposal, candidate)
    assert match is not None and match.kind == "same_recipient_same_purpose"
    assert match.period_overlap_days == 101
    assert any("mentoring" in r for r in match.reasons)
    assert overall_risk([match])[0] is Risk.high


def test_a_weak_name_match_is_medium_not_high() -> None:
    terms = _terms(activities=["mentoring"])
    period = Period(START, START + dt.timedelta(days=30))
    match = classify(
        Proposal(terms, period), Candidate(terms, period, recipient=RecipientMatch("name", 0.88))
    )
    assert match is not None
    assert overall_risk([match])[0] is Risk.medium


def test_another_recipient_elsewhere_doing_something_else_is_no_match() -> None:
    period = Period(START, START + dt.timedelta(days=30))
    proposal = Proposal(_terms(boroughs=["E09000001"], activities=["sport"]), period)
    candidate = Candidate(_terms(boroughs=["E09000002"], activities=["mentoring"]), period)
    assert classify(proposal, candidate) is None
    assert overall_risk([]) == (Risk.none, "none: no existing award overlaps the proposal")


def test_same_area_activity_and_group_is_saturation() -> None:
    terms = _terms(boroughs=["E09000001"], activities=["sport"], beneficiary_groups=["children"])
    period = Period(START, START + dt.timedelta(days=30))
    match = classify(Proposal(terms, period), Candidate(terms, period))
    assert match is not None and match.kind == "same_area_same_purpose"
    assert overall_risk([match])[0] is Risk.medium


slugs = st.frozensets(st.sampled_from(["a", "b", "c", "d"]), max_size=3)
dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2025, 1, 1))


@st.composite
def candidates(draw: st.DrawFn) -> Candidate:
    start = draw(dates)
    period = Period(start, start + dt.timedelta(days=draw(st.integers(0, 900))))
    terms = Terms(draw(slugs), draw(slugs), draw(slugs), draw(slugs))
    recipient = draw(st.sampled_from([None, BY_ID, RecipientMatch("name", 0.9)]))
    text = draw(st.sampled_from(["", "Mentoring for young people", "Boxing after school"]))
    return Candidate(terms, period, text, recipient)


@given(candidates())
def test_a_proposal_identical_to_an_award_of_the_same_organisation_is_high(c: Candidate) -> None:
    assert c.period is not None
    candidate = replace(c, recipient=BY_ID, text=c.text or "Youth work")
    proposal = Proposal(candidate.terms, candidate.period, candidate.text)
    assert _risk(proposal, [candidate]) is Risk.high


@given(st.lists(candidates(), max_size=5), candidates())
def test_removing_shared_activities_never_raises_the_risk(
    existing: list[Candidate], shape: Candidate
) -> None:
    assert shape.period is not None
    proposal = Proposal(shape.terms, shape.period, shape.text)
    without = Proposal(replace(shape.terms, activities=frozenset()), shape.period, shape.text)
    assert _risk(without, existing) <= _risk(proposal, existing)


@given(candidates(), candidates())
def test_scores_are_between_0_and_1(a: Candidate, b: Candidate) -> None:
    assert a.period is not None
    match = classify(Proposal(a.terms, a.period, a.text), b)
    assert match is None or 0.0 <= match.score <= 1.0
