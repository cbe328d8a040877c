from __future__ import annotations

import datetime as dt

from app.schemas import Schema


class FunderBrief(Schema):
    id: str
    name: str


class SourceRead(Schema):
    url: str
    title: str
    date: dt.date | None


class EligibilityRead(Schema):
    applicant_types: list[str]
    income_min: int | float | None
    income_max: int | float | None
    min_years_operating: float | None
    max_grant_to_income_ratio: float | None
    registered_number_required: bool | None
    safeguarding_policy_required: bool | None
    london_based_required: bool | None
    partnerships_allowed: bool | None
    other_criteria: str


class StreamRead(Schema):
    id: str
    name: str
    funder: FunderBrief
    summary: str
    description: str
    url: str | None
    status: str
    opens_on: dt.date | None
    closes_on: dt.date | None
    decision_expected_on: dt.date | None
    programme_start: dt.date | None
    programme_end: dt.date | None
    min_award: int | float | None
    max_award: int | float | None
    total_budget: int | float | None
    currency: str
    max_duration_months: int | None
    multi_year: bool | None
    match_funding_required: bool | None
    activities: list[str]
    violence_types: list[str]
    risk_factors: list[str]
    strands: list[str]
    beneficiary_groups: list[str]
    age_min: int | None
    age_max: int | None
    boroughs: list[str]
    eligibility: EligibilityRead
    sources: list[SourceRead]
    illustrative: bool
    published_at: dt.datetime
    updated_at: dt.datetime


class FacetCount(Schema):
    value: str
    count: int


class StreamPage(Schema):
    items: list[StreamRead]
    next_cursor: str | None
    total: int
    # Present when `facets=true`: per filter dimension, each value with its number of results.
    facets: dict[str, list[FacetCount]] | None = None
