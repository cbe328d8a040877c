from __future__ import annotations

from app.awards.schemas import AwardRead
from app.funders.schemas import FunderRef
from app.schemas import Schema


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


class OrganisationRead(Schema):
    org_id: str
    name: str
    type: str | None
    borough: str | None
    linked_org_id: str | None
    awards: list[AwardRead]
    totals_by_funder: list[FunderTotal]
    totals_by_year: list[YearTotal]
    possible_duplicates: list[OrganisationRef]
