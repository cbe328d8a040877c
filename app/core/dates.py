"""The calendar window every date Signpost takes in must fall inside.

Python's dates run from year 1 to 9999, and a date at either end overflows as soon as anything
adds a day or a year to it (an award's assumed period, a month's bucket, a closing reminder);
no grant, round or award of this service's domain is dated before 1900 or after 2100.
"""

from __future__ import annotations

import datetime as dt

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def in_date_window(value: dt.date) -> bool:
    """Whether a date falls inside EARLIEST_DATE..LATEST_DATE."""
    return EARLIEST_DATE <= value <= LATEST_DATE


def outside_window_reason(value: dt.date) -> str:
    """Why a date outside the window is refused, in words a publisher can act on."""
    return (
        f"{value.isoformat()} is outside the dates Signpost accepts "
        f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})"
    )
