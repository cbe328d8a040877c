"""Turns a FundingStream into its public representation (one place, used by every endpoint)."""

from __future__ import annotations

import datetime as dt

from app.core.clock import as_utc
from app.core.money import pence_to_pounds
from app.streams.models import FundingStream
from app.streams.schemas import EligibilityRead, FunderBrief, SourceRead, StreamRead
from app.streams.status import stream_status


def eligibility_read(stream: FundingStream) -> EligibilityRead:
    rules = stream.eligibility
    share = rules.max_grant_to_income_ratio if rules else None
    return EligibilityRead(
        applicant_types=stream.slugs("applicant_type"),
        income_min=pence_to_pounds(rules.income_min_pence) if rules else None,
        income_max=pence_to_pounds(rules.income_max_pence) if rules else None,
        min_years_operating=(
            float(rules.min_years_operating)
            if rules and rules.min_years_operating is not None
            else None
        ),
        max_grant_to_income_ratio=None if share is None else float(share),
        max_grant_to_income_fraction=None if share is None else str(share),
        registered_number_required=rules.registered_number_required if rules else None,
        safeguarding_policy_required=rules.safeguarding_policy_required if rules else None,
        london_based_required=rules.london_based_required if rules else None,
        partnerships_allowed=rules.partnerships_allowed if rules else None,
        other_criteria=rules.other_criteria if rules else "",
    )


def stream_read(stream: FundingStream, *, today: dt.date) -> StreamRead:
    return StreamRead(
        id=stream.slug,
        name=stream.name,
        funder=FunderBrief(id=stream.funder.slug, name=stream.funder.name),
        summary=stream.summary,
        description=stream.description,
        url=stream.url,
        status=stream_status(stream.opens_on, stream.closes_on, stream.programme_end, today=today),
        opens_on=stream.opens_on,
        closes_on=stream.closes_on,
        decision_expected_on=stream.decision_expected_on,
        programme_start=stream.programme_start,
        programme_end=stream.programme_end,
        min_award=pence_to_pounds(stream.min_award_pence),
        max_award=pence_to_pounds(stream.max_award_pence),
        total_budget=pence_to_pounds(stream.total_budget_pence),
        currency=stream.currency,
        max_duration_months=stream.max_duration_months,
        multi_year=stream.multi_year,
        match_funding_required=stream.match_funding_required,
        activities=stream.slugs("activity"),
        violence_types=stream.slugs("violence_type"),
        risk_factors=stream.slugs("risk_factor"),
        strands=stream.slugs("strand"),
        beneficiary_groups=stream.slugs("beneficiary_group"),
        age_min=stream.age_min,
        age_max=stream.age_max,
        boroughs=stream.borough_codes(),
        eligibility=eligibility_read(stream),
        sources=[SourceRead(url=s.url, title=s.title, date=s.published_on) for s in stream.sources],
        illustrative=stream.illustrative,
        published_at=None if stream.published_at is None else as_utc(stream.published_at),
        updated_at=as_utc(stream.updated_at),
    )
