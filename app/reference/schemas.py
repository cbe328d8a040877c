from __future__ import annotations

from app.core.schemas import Schema


class BoroughRead(Schema):
    gss_code: str
    name: str
    official_name: str
    org_id: str
    inner_london: bool
    population: int


class TermRead(Schema):
    slug: str
    label: str
    description: str


class VocabularyRead(Schema):
    name: str
    terms: list[TermRead]
