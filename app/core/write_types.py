"""Field types shared by the write schemas: strict, so bad input is a 422 naming the field."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from app.core.errors import InvalidInput

# Money (pounds to the penny, stored as exact pence) is the one type shared with the read side.
from app.core.money import Pounds

__all__ = [
    "BoroughRef",
    "Currency",
    "Flag",
    "Name",
    "Pounds",
    "Share",
    "Slug",
    "TermSlug",
    "Url",
    "WriteSchema",
    "share_from",
]

# Readable public ids: `young-londoners-fund-round-2`.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
# A London borough by GSS code, name or slug, any case; app/reference/service.py resolves it.
BoroughRef = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    Field(examples=["E09000022", "Lambeth", "kingston-upon-thames"]),
]
TermSlug = Annotated[str, StringConstraints(max_length=80)]
# JSON's true and false only: not 0/1 or "yes" (pydantic's lax mode takes those).
Flag = Annotated[bool, Field(strict=True)]
_FRACTION = re.compile(r"^\s*(\d{1,6})\s*/\s*(\d{1,6})\s*$")


def share_from(value: Any) -> Fraction:
    """A share of a whole, exactly: a fraction written "1/3", or a number (0.5, "0.25"); more
    than nothing and at most all of it."""
    if isinstance(value, Fraction):
        found = value
    elif isinstance(value, str) and (match := _FRACTION.match(value)):
        numerator, denominator = int(match[1]), int(match[2])
        if denominator == 0:
            raise ValueError("a fraction's denominator cannot be 0")
        found = Fraction(numerator, denominator)
    elif isinstance(value, int | float | Decimal | str) and not isinstance(value, bool):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError('give a fraction such as "1/3" or a number such as 0.5') from None
        if not number.is_finite() or number.as_tuple().exponent < -6:  # type: ignore[operator]
            raise ValueError("give a number with at most 6 decimal places, or a fraction")
        found = Fraction(number)
    else:
        raise ValueError('give a fraction such as "1/3" or a number such as 0.5')
    if not 0 < found <= 1:
        raise ValueError("a share must be more than 0 and at most 1")
    return found


# A share kept exactly: "up to a third" is "1/3", which no decimal number holds.
Share = Annotated[
    Fraction,
    BeforeValidator(share_from),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                {"type": "string", "pattern": r"^\d+/\d+$", "examples": ["1/3"]},
            ]
        }
    ),
]


class WriteSchema(BaseModel):
    # Unknown fields are mistakes (a misspelt `max_awrd` must not be silently ignored).
    model_config = ConfigDict(extra="forbid")

    def fields_to_write(self, *, create: bool, required: tuple[str, ...] = ()) -> set[str]:
        """All the fields on create (defaults included), those sent on PATCH; a `required` field
        sent as null is a 422 naming it."""
        sent = set(type(self).model_fields) if create else set(self.model_fields_set)
        for name in required:
            if name in sent and getattr(self, name) is None:
                raise InvalidInput.field(["body", name], f"{name} cannot be null.")
        return sent
