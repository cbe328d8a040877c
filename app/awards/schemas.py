from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints

from app.core.dates import InputDate
from app.core.identifiers import normalised_org_id
from app.core.schemas import Schema
from app.core.write_types import (
    BoroughRef,
    Currency,
    Name,
    Pounds,
    Slug,
    TermSlug,
    Url,
    WriteSchema,
)
from app.funders.schemas import FunderRef


class RecipientRef(Schema):
    org_id: str
    name: str


class IndividualRef(Schema):
    """A grant to a person: the funder's id for them (never a name) and the 360Giving codes of
    why (`GTIR…`) and what for (`GTIP…`)."""

    id: str
    primary_grant_reason: str | None = None
    secondary_grant_reason: str | None = None
    grant_purpose: list[str] = Field(default_factory=list)


class AwardSource(Schema):
    url: str | None
    title: str | None
    date: dt.date | None
    # How the record entered Signpost: seed, manual or import (with file and row).
    provenance: str
    import_file: str | None
    import_row: int | None


class AwardRead(Schema):
    id: str
    title: str
    description: str
    amount: int | float
    currency: str
    award_date: dt.date | None
    planned_start: dt.date | None
    planned_end: dt.date | None
    funder: FunderRef
    stream_id: str | None
    # The organisation; null for a grant to a person (then `recipient_individual`).
    recipient: RecipientRef | None
    recipient_individual: IndividualRef | None = None
    boroughs: list[str]
    activities: list[str]
    violence_types: list[str]
    beneficiary_groups: list[str]
    source: AwardSource


class RecipientWrite(WriteSchema):
    org_id: Annotated[str, StringConstraints(min_length=1, max_length=160), normalised_org_id]
    name: Name


class AwardSourceWrite(WriteSchema):
    url: Url | None = None
    title: Annotated[str, StringConstraints(max_length=300)] | None = None
    date: InputDate | None = None


class AwardUpdate(WriteSchema):
    """A PATCH: only the fields sent change; `null` clears an optional value."""

    funder: Slug | None = None
    stream_id: Slug | None = None
    recipient: RecipientWrite | None = None
    title: Annotated[str, StringConstraints(max_length=500)] = ""
    description: Annotated[str, StringConstraints(max_length=50_000)] = ""
    amount: Pounds | None = None
    currency: Currency = "GBP"
    award_date: InputDate | None = None
    planned_start: InputDate | None = None
    planned_end: InputDate | None = None
    boroughs: list[BoroughRef] = Field(default_factory=list)
    activities: list[TermSlug] = Field(default_factory=list)
    violence_types: list[TermSlug] = Field(default_factory=list)
    beneficiary_groups: list[TermSlug] = Field(default_factory=list)
    source: AwardSourceWrite | None = None


class AwardCreate(AwardUpdate):
    # The 360Giving grant identifier.
    id: Annotated[
        str, StringConstraints(pattern=r"^360G-[A-Za-z0-9][A-Za-z0-9._\-]*$", max_length=200)
    ]
    funder: Slug
    recipient: RecipientWrite
    amount: Pounds


class GrantPackage(Schema):
    """A 360Giving data package: `grants` as the standard's schema describes them."""

    model_config = ConfigDict(extra="allow")
    grants: list[dict[str, Any]]
