from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints

from app.core.dates import InputDate
from app.core.schemas import Schema
from app.core.slugs import ID_FROM_NAME
from app.core.write_types import (
    BoroughRef,
    Currency,
    Flag,
    Name,
    Pounds,
    Share,
    Slug,
    TermSlug,
    Url,
    WriteSchema,
)


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
    # The same share exactly, as a fraction ("1/3"): the number above cannot hold a third.
    max_grant_to_income_fraction: str | None
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
    published_at: dt.datetime | None = Field(
        description="When the round was announced, else when it opened; null when unknown."
    )
    updated_at: dt.datetime


class SourceWrite(WriteSchema):
    url: Url
    title: Annotated[str, StringConstraints(max_length=300)] = ""
    date: InputDate | None = None


class EligibilityWrite(WriteSchema):
    """In a PATCH, only the rules sent change."""

    applicant_types: list[TermSlug] = Field(default_factory=list)
    income_min: Pounds | None = None
    income_max: Pounds | None = None
    min_years_operating: Annotated[Decimal, Field(ge=0, le=999, decimal_places=1)] | None = None
    max_grant_to_income_ratio: Share | None = Field(
        default=None,
        description="The largest grant a year as a share of the applicant's annual income: a "
        'fraction ("1/3" for "up to a third") or a number (0.5), kept exactly.',
    )
    registered_number_required: Flag | None = None
    safeguarding_policy_required: Flag | None = None
    london_based_required: Flag | None = None
    partnerships_allowed: Flag | None = None
    other_criteria: Annotated[str, StringConstraints(max_length=10_000)] = ""


class StreamUpdate(WriteSchema):
    """A PATCH: only the fields sent change; `null` clears an optional value."""

    funder: Slug | None = None
    name: Name | None = None
    summary: Annotated[str, StringConstraints(max_length=2_000)] = ""
    description: Annotated[str, StringConstraints(max_length=50_000)] = ""
    url: Url | None = None
    opens_on: InputDate | None = None
    closes_on: InputDate | None = None
    decision_expected_on: InputDate | None = None
    programme_start: InputDate | None = None
    programme_end: InputDate | None = None
    total_budget: Pounds | None = None
    min_award: Pounds | None = None
    max_award: Pounds | None = None
    currency: Currency = "GBP"
    max_duration_months: Annotated[int, Field(strict=True, ge=1, le=240)] | None = None
    multi_year: Flag | None = None
    match_funding_required: Flag | None = None
    activities: list[TermSlug] = Field(default_factory=list)
    violence_types: list[TermSlug] = Field(default_factory=list)
    risk_factors: list[TermSlug] = Field(default_factory=list)
    strands: list[TermSlug] = Field(default_factory=list)
    beneficiary_groups: list[TermSlug] = Field(default_factory=list)
    age_min: Annotated[int, Field(strict=True, ge=0, le=120)] | None = None
    age_max: Annotated[int, Field(strict=True, ge=0, le=120)] | None = None
    boroughs: list[BoroughRef] = Field(default_factory=list, description="Empty means all London.")
    eligibility: EligibilityWrite | None = None
    sources: list[SourceWrite] = Field(default_factory=list)
    illustrative: Flag = False


class StreamCreate(StreamUpdate):
    id: Slug | None = Field(default=None, description=ID_FROM_NAME)
    funder: Slug
    name: Name


class FacetCount(Schema):
    value: str
    count: int


class StreamPage(Schema):
    items: list[StreamRead]
    next_cursor: str | None
    total: int
    # Present when `facets=true`: per filter dimension, each value with its number of results.
    facets: dict[str, list[FacetCount]] | None = None
