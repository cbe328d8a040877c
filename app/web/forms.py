"""Reading the pages' form fields and turning every refusal into a message beside its field.

The rules themselves stay in the domain schemas and services: this module only reads text into
numbers and puts the schemas' and services' refusals into plain words next to the right field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import TypeAdapter, ValidationError

from app.core.dates import EARLIEST_DATE, LATEST_DATE, InputDate
from app.core.errors import InvalidInput

Loc = tuple[str | int, ...]


class FormErrors(dict[str, str]):
    """Field name -> message, in the order the fields appear (the error summary's order)."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, message)


def text(raw: str | None) -> str | None:
    """The value with surrounding spaces trimmed; None when nothing is left."""
    value = (raw or "").strip()
    return value or None


def number(
    raw: str | None, *, field: str, label: str, errors: FormErrors, whole: bool = False
) -> Decimal | None:
    """A number typed into a box (commas, spaces and a leading £ allowed)."""
    value = text(raw)
    if value is None:
        return None
    cleaned = value.replace(",", "").replace(" ", "").removeprefix("£")
    try:
        parsed = Decimal(cleaned)
    except InvalidOperation:
        parsed = None
    if parsed is None or not parsed.is_finite() or (whole and parsed != parsed.to_integral()):
        kind = "a whole number" if whole else "a number"
        errors.add(field, f"{label} must be {kind}, like {'12' if whole else '45000'}")
        return None
    return parsed


_DATE: TypeAdapter[dt.date] = TypeAdapter(InputDate)


def date(raw: str | None, *, field: str, label: str, errors: FormErrors) -> dt.date | None:
    """A date typed into a box (YYYY-MM-DD, as date inputs send it), checked as the API checks
    every date it is given."""
    value = text(raw)
    if value is None:
        return None
    try:
        return _DATE.validate_python(value)
    except ValidationError:
        errors.add(
            field,
            f"{label} must be a real date between {EARLIEST_DATE.year} and {LATEST_DATE.year}, "
            "like 2027-04-01",
        )
        return None


def _plain(error: Mapping[str, Any], label: str) -> str:
    """A pydantic refusal in plain words."""
    context = error.get("ctx") or {}
    kind = error["type"]
    if kind == "greater_than_equal":
        return f"{label} must be {context['ge']} or more"
    if kind == "greater_than":
        return f"{label} must be more than {context['gt']}"
    if kind == "less_than_equal":
        return f"{label} must be {context['le']} or less"
    if kind == "less_than":
        return f"{label} must be less than {context['lt']}"
    if kind == "decimal_max_places":
        return f"{label} can have at most {context['decimal_places']} decimal places"
    if kind == "string_too_long":
        return f"{label} must be {context['max_length']} characters or fewer"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{label}: {message}"


def schema_errors(
    exc: ValidationError, fields: Mapping[Loc, tuple[str, str]], errors: FormErrors
) -> None:
    """Puts each refusal of a schema beside the field its location names (`fields`: location ->
    (field name, label)); a refusal of the whole model goes to the first field of its place."""
    for error in exc.errors():
        loc = tuple(error["loc"])
        while loc and loc not in fields:
            loc = loc[:-1]
        if not loc:
            continue
        field, label = fields[loc]
        errors.add(field, _plain(error, label))


def service_errors(
    exc: InvalidInput, fields: Mapping[Loc, tuple[str, str]], errors: FormErrors
) -> None:
    """Puts a service's refusal (which names its location) beside its field."""
    for error in exc.errors or [{"loc": [], "msg": exc.detail}]:
        loc = tuple(error["loc"])
        while loc and loc not in fields:
            loc = loc[:-1]
        field = fields[loc][0] if loc else next(iter(fields.values()))[0]
        errors.add(field, str(error["msg"]))


def chosen(values: Sequence[str], allowed: Sequence[str]) -> list[str]:
    """The values a page offered, once each, in the offered order (others are dropped: only a
    hand-made URL sends them)."""
    given = set(values)
    return [v for v in allowed if v in given]
