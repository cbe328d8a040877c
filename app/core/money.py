"""Money: stored as exact integer pence, shown and written as pounds. The conversions, once."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, PlainSerializer


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


def pounds_to_pence(pounds: Decimal | None) -> int | None:
    return None if pounds is None else int((pounds * 100).to_integral_exact())
