from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import ConfigDict, Field

from app.awards.schemas import AwardRead
from app.core.dates import InputDate
from app.core.identifiers import OrgId
from app.core.schemas import Schema


class ProposedRecipient(Schema):
    org_id: OrgId | None = None
    name: str | None = Field(default=None, max_length=300)


class Proposal(Schema):
    """A proposed award. Nothing of it is stored or logged."""

    model_config = ConfigDict(extra="forbid")

    recipient: ProposedRecipient | None = None
    title: str = Field(default="", max_length=500)
    description: str = Field(default="", max_length=5000)
    boroughs: list[str] = Field(default_factory=list, max_length=33)
    activities: list[str] = Field(default_factory=list, max_length=50)
    violence_types: list[str] = Field(default_factory=list, max_length=50)
    beneficiary_groups: list[str] = Field(default_factory=list, max_length=50)
    planned_start: InputDate | None = None
    planned_end: InputDate | None = None
    amount: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    funder: str | None = Field(default=None, max_length=120)


class RecipientMatchRead(Schema):
    # "org_id" (same normalised org-id or a recorded link) or "name" (similar name, see score).
    matched_by: str
    score: float


class Shared(Schema):
    activities: list[str]
    violence_types: list[str]
    boroughs: list[str]
    beneficiary_groups: list[str]
    # Null when the award's dates are not recorded.
    period_overlap_days: int | None


class OverlapMatch(Schema):
    award: AwardRead
    kind: str
    score: float
    reasons: list[str]
    recipient: RecipientMatchRead | None
    shared: Shared


class StreamBrief(Schema):
    id: str
    name: str
    funder: str
    illustrative: bool


class StreamOverlap(Schema):
    stream: StreamBrief
    score: float
    shared: Shared


class Area(Schema):
    boroughs: list[str]
    activities: list[str]
    since: dt.date
    amount: int | float
    currency: str
    # Awards with a share in these boroughs and activities (one per borough and activity).
    award_shares: int
    note: str


class OverlapAnswer(Schema):
    risk: str
    rule: str
    matches: list[OverlapMatch]
    streams: list[StreamOverlap]
    area: Area | None
    assumptions: list[str]


class StreamPair(Schema):
    first: StreamBrief
    second: StreamBrief
    score: float
    shared: Shared
    shared_period: tuple[dt.date, dt.date] | None
