from __future__ import annotations

import datetime as dt

from app.funders.schemas import FunderRef
from app.schemas import Schema


class RecipientRef(Schema):
    org_id: str
    name: str


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
    recipient: RecipientRef
    boroughs: list[str]
    activities: list[str]
    violence_types: list[str]
    beneficiary_groups: list[str]
    source: AwardSource
