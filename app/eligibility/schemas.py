"""The applicant profile in, verdicts out (DESIGN.md, "Signposting")."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from app.core.money import Pounds
from app.core.schemas import Schema

# Strict: a JSON `false` or `1.0` is not an age or a number of months (lax mode reads them as 0
# and 1), and the OpenAPI schema promises an integer.
Age = Annotated[int, Field(strict=True, ge=0, le=120)]


class OrganisationProfile(Schema):
    applicant_type: str | None = None
    annual_income: Pounds | None = None
    years_operating: Annotated[Decimal, Field(ge=0, le=1000, decimal_places=1)] | None = None
    boroughs: list[str] = Field(default_factory=list)
    registered_number: Annotated[str, Field(max_length=40)] | None = None
    # Strict, as the ages are: 0 or "no" is not an answer to a yes-or-no question.
    has_safeguarding_policy: Annotated[bool, Field(strict=True)] | None = None


class ProjectProfile(Schema):
    activities: list[str] = Field(default_factory=list)
    boroughs: list[str] = Field(default_factory=list)
    beneficiary_groups: list[str] = Field(default_factory=list)
    age_min: Age | None = None
    age_max: Age | None = None
    violence_types: list[str] = Field(default_factory=list)
    amount_requested: Pounds | None = None
    duration_months: Annotated[int, Field(strict=True, ge=1, le=120)] | None = None

    @model_validator(mode="after")
    def _ages_in_order(self) -> ProjectProfile:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError("age_min is above age_max")
        return self


class ApplicantProfile(Schema):
    organisation: OrganisationProfile = OrganisationProfile()
    project: ProjectProfile = ProjectProfile()


class ReasonRead(Schema):
    rule: str
    outcome: Literal["pass", "fail", "unknown"]
    message: str


class StreamBrief(Schema):
    id: str
    name: str
    funder: dict[str, str]
    url: str | None
    status: str
    closes_on: str | None
    max_award: int | float | None
    illustrative: bool


class EligibilityResult(Schema):
    stream: StreamBrief
    illustrative: bool = Field(description="A demonstration round, not a real opportunity.")
    verdict: Literal["eligible", "unclear", "ineligible"]
    fit: float
    reasons: list[ReasonRead]


class EligibilityCounts(Schema):
    checked: int
    eligible: int
    unclear: int
    ineligible: int


class EligibilityAnswer(Schema):
    results: list[EligibilityResult]
    counts: EligibilityCounts
