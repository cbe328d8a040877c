"""The string formats the 360Giving schema names (`date-time`, `uri`), and reading its dates.

Both validators (the compiled one and jsonschema, app/imports/validation.py) check formats with
these same functions, so that they accept exactly the same grants.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jsonschema import FormatChecker

from app.core.clock import is_date_time as rfc3339_date_time
from app.core.clock import parse_date

__all__ = ["FORMATS", "FORMAT_REASONS", "format_checker", "is_date_time", "is_uri", "parse_date"]

# RFC 3986: a scheme, a colon, then no whitespace or control character. A web address without
# its scheme (`www.example.org.uk`) is not a URI.
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s\x00-\x1f\x7f]+\Z")


def is_date_time(value: object) -> bool:
    """RFC 3339 date-time (app.core.clock); a format says nothing about other types (`type`
    does)."""
    return not isinstance(value, str) or rfc3339_date_time(value)


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
