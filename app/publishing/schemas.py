from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from app.core.money import Pounds
from app.core.schemas import Schema
from app.eligibility.schemas import ApplicantProfile

Slugs = Annotated[list[Annotated[str, Field(max_length=80)]], Field(max_length=50)]


# Money in pounds, as JSON numbers like the rest of the API.
class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class SearchFilters(Strict):
    """The filters of `GET /v1/streams`; repeatable ones match any of their values."""

    borough: Slugs = Field(default_factory=list)
    activity: Slugs = Field(default_factory=list)
    violence_type: Slugs = Field(default_factory=list)
    risk_factor: Slugs = Field(default_factory=list)
    strand: Slugs = Field(default_factory=list)
    applicant_type: Slugs = Field(default_factory=list)
    beneficiary_group: Slugs = Field(default_factory=list)
    funder: Slugs = Field(default_factory=list)
    age: Annotated[int, Field(ge=0, le=130)] | None = None
    amount: Pounds | None = None


# A profile subscription keeps the applicant profile of `POST /v1/eligibility`, checked alike.
EligibilityProfile = ApplicantProfile


class SubscriptionCreate(Strict):
    """A saved search or an eligibility profile (not both; neither = every new stream), sent
    to a webhook URL or an email address (exactly one)."""

    search: SearchFilters | None = None
    profile: EligibilityProfile | None = None
    webhook_url: Annotated[str, Field(max_length=2000)] | None = None
    email: Annotated[str, Field(max_length=320)] | None = None
    digest: Literal["daily", "weekly"] = "weekly"


class SubscriptionRead(Schema):
    id: str
    channel: Literal["webhook", "email"]
    webhook_url: str | None
    email: str | None
    digest: Literal["daily", "weekly"] | None
    search: SearchFilters | None
    profile: EligibilityProfile | None
    confirmed: bool
    created_at: dt.datetime


class SubscriptionCreated(SubscriptionRead):
    token: str = Field(
        description="Manages this subscription (`Authorization: Bearer`). Shown once."
    )
    webhook_secret: str | None = Field(
        description="Verifies webhook signatures (Standard Webhooks `whsec_…`). Shown once."
    )


class DeliveryRead(Schema):
    message_id: str
    channel: Literal["webhook", "email"]
    attempted_at: dt.datetime
    succeeded: bool
    status_code: int | None
    error: str
    event_count: int
    next_attempt_at: dt.datetime | None
