from __future__ import annotations

from app.schemas import Schema


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
