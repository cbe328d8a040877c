"""The one date and time type for every input: ISO 8601 text within a sane range.

Dates outside 1900-01-01..2100-12-31 are mistakes (a typed 9999, a year 1), and at the edge of
the calendar they overflow arithmetic (a period's end, a conversion to UTC) deep in the code.
Numbers are not dates: `20190203` is neither 3 February 2019 nor a Unix timestamp. The 360Giving
importer checks rows against the same bounds.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)

# A calendar date, optionally followed by a time: the extended ISO 8601 form only (Python's
# `fromisoformat` and pydantic also take `20190203`).
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RANGE = f"between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}"
# Years 1900 to 2100, as the JSON schema's pattern: generated clients and fuzzers keep to it.
_YEARS = r"^(19\d\d|20\d\d|2100)-"


def date_in_range(value: dt.date) -> bool:
    """Whether `value` lies within EARLIEST_DATE..LATEST_DATE."""
    return EARLIEST_DATE <= value <= LATEST_DATE


def _iso_text(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("must be an ISO 8601 date (YYYY-MM-DD), not a number")
    return value


def _check_date(value: dt.date) -> dt.date:
    if not date_in_range(value):
        raise ValueError(f"must be {_RANGE}")
    return value


def _check_datetime(value: dt.datetime) -> dt.datetime:
    # The date as written (in its own offset) and in UTC: either beyond the range overflows.
    if not date_in_range(value.date()):
        raise ValueError(f"must be {_RANGE}")
    if value.tzinfo is not None and not date_in_range(value.astimezone(dt.UTC).date()):
        raise ValueError(f"must be {_RANGE}")
    return value


InputDate = Annotated[
    dt.date,
    BeforeValidator(_iso_text),
    AfterValidator(_check_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": _YEARS + r"\d\d-\d\d$",
            "description": f"An ISO 8601 date {_RANGE}.",
        }
    ),
]
"""A date as a request gives it (body, query or path)."""

InputDateTime = Annotated[
    dt.datetime,
    BeforeValidator(_iso_text),
    AfterValidator(_check_datetime),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "pattern": _YEARS,
            "description": f"An ISO 8601 time {_RANGE}.",
        }
    ),
]
"""A point in time as a request gives it; without an offset it is read as UTC."""
