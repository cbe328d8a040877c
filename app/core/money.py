"""Money: stored as exact integer pence, shown and written as pounds. The conversions, once."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
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


def as_pounds(pence: int) -> int | float:
    """Money leaves the service as pounds: a whole number when it is one, else two decimals."""
    if pence % 100 == 0:
        return pence // 100
    return round(pence / 100, 2)


def pence_to_pounds(pence: int | None) -> int | float | None:
    return None if pence is None else as_pounds(pence)


def pence_to_decimal(pence: int | None) -> Decimal | None:
    """Pence as exact pounds, for a schema field of type Pounds."""
    return None if pence is None else Decimal(pence) / 100


def _pence(amount: Decimal | float | int | str) -> Decimal:
    # A float goes through its shortest decimal spelling: 0.1 is ten pence, not a hair more.
    pounds = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    return pounds * 100


def to_pence(amount: Decimal | float | int | str) -> int:
    """Pounds to integer pence, exactly; a fraction of a penny is rounded (half to even)."""
    return int(_pence(amount).to_integral_value())


def pounds_to_pence(pounds: Decimal | float | int | str | None) -> int | None:
    return None if pounds is None else to_pence(pounds)


def whole_pence(amount: Decimal | float | int | str) -> int:
    """Pounds to integer pence; ValueError when the amount has a fraction of a penny."""
    pence = _pence(amount)
    if pence != pence.to_integral_value():
        raise ValueError(f"{amount!r} has fractions of a penny")
    return int(pence)


# Messages repeat the same few sums thousands of times per eligibility check: each formatted once.
@lru_cache(maxsize=8192)
def pounds_text(pence: int) -> str:
    """£80,000 or £1,500.50: how money reads in a message or on a page."""
    whole, part = divmod(pence, 100)
    return f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"
