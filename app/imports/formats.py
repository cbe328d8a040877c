"""The string formats the 360Giving schema names (`date-time`, `uri`), and reading its dates.

Both validators (the compiled one and jsonschema, app/imports/validation.py) check formats with
these same functions, so that they accept exactly the same grants.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from jsonschema import FormatChecker

# RFC 3986: a scheme, a colon, then no whitespace or control character. A web address without
# its scheme (`www.example.org.uk`) is not a URI.
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s\x00-\x1f\x7f]+\Z")


def is_date_time(value: object) -> bool:
    """RFC 3339 date-time: a date, a time and (per the standard's examples) an optional offset."""
    if not isinstance(value, str):
        return True  # a format says nothing about other types; `type` does
    if len(value) < 16 or value[10] not in "Tt ":
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return True


def is_uri(value: object) -> bool:
    """An absolute URI (a scheme, then no whitespace)."""
    return not isinstance(value, str) or _URI.match(value) is not None


FORMATS: dict[str, Callable[[Any], bool]] = {"date-time": is_date_time, "uri": is_uri}
# What a failed format says, in a publisher's words.
FORMAT_REASONS = {
    "date-time": "is not a date-time (YYYY-MM-DDThh:mm:ss, with an optional offset)",
    "uri": "is not a web address with its scheme (such as https://)",
}


def format_checker() -> FormatChecker:
    """jsonschema's checker for exactly the formats above."""
    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return checker


def parse_date(value: object) -> dt.date | None:
    """A 360Giving date (`YYYY-MM-DD` or a date-time) as a date; None when it does not parse."""
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        if is_date_time(value):
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None
    return None
