from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from app.core.identifiers import normalised_org_id
from app.core.schemas import Schema
from app.core.slugs import ID_FROM_NAME
from app.core.write_types import Name, Slug, Url, WriteSchema


class FunderRef(Schema):
    id: str
    name: str
    org_id: str | None


class FunderRead(FunderRef):
    kind: str
    url: str | None
    source_url: str | None


class FunderStreamRef(Schema):
    id: str
    name: str
    status: str
    illustrative: bool


class MoneyTotal(Schema):
    currency: str
    count: int
    amount: int | float


class FunderDetail(FunderRead):
    streams: list[FunderStreamRef]
    awards: list[MoneyTotal]


class FunderUpdate(WriteSchema):
    name: Name | None = None
    org_id: Annotated[str, StringConstraints(max_length=120), normalised_org_id] | None = None
    kind: Annotated[str, StringConstraints(max_length=60)] | None = None
    url: Url | None = None
    source_url: Url | None = None


class FunderCreate(FunderUpdate):
    id: Slug | None = Field(default=None, description=ID_FROM_NAME)
    name: Name
