"""Pieces of the representation shared by every domain (DESIGN.md, "Representation")."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

T = TypeVar("T")


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=False)


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None
    total: int


def _pounds_json(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# Money as it comes in: pounds, exact (Decimal), at most two decimals, never negative; and back
# out as a JSON number like every other amount.
Pounds = Annotated[
    Decimal,
    Field(ge=0, le=10**12, decimal_places=2),
    PlainSerializer(_pounds_json, return_type=int | float, when_used="json"),
]


def pence_to_pounds(pence: int | None) -> int | float | None:
    """Money leaves the service as pounds: a whole number when it is one, else two decimals."""
    if pence is None:
        return None
    if pence % 100 == 0:
        return pence // 100
    return round(pence / 100, 2)


LimitQuery = Annotated[int, Query(ge=1, le=200, description="Items per page (at most 200).")]
CursorQuery = Annotated[str | None, Query(description="The `next_cursor` of the previous page.")]
