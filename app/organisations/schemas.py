from __future__ import annotations

from app.awards.schemas import AwardRead
from app.core.schemas import Schema
from app.funders.schemas import FunderRef


class FunderTotal(Schema):
    funder: FunderRef
    currency: str
    count: int
    amount: int | float


class YearTotal(Schema):
    # Null for awards whose source gives no date.
    year: int | None
    currency: str
    count: int
    amount: int | float


class OrganisationRef(Schema):
    org_id: str
    name: str


class PossibleDuplicate(OrganisationRef):
    # "linked_org_id" (recorded link) or "name" (similar name: `score` says how similar, 0..1).
    matched_by: str
    score: float


class OrganisationRead(Schema):
    org_id: str
    name: str
    type: str | None
    borough: str | None
    linked_org_id: str | None
    # The most recent awards (at most AWARDS_SHOWN); `award_count` and the totals cover all.
    awards: list[AwardRead]
    award_count: int
    totals_by_funder: list[FunderTotal]
    totals_by_year: list[YearTotal]
    possible_duplicates: list[PossibleDuplicate]
