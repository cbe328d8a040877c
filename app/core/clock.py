"""The clock (the only place the current date and time are read) and dates read from text."""

from __future__ import annotations

import datetime as dt


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every timestamp we store is UTC, so say so."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date. A request reads it once, through app.http.params.TodayDep (tests pin it)."""
    return dt.date.today()


def is_date_time(value: object) -> bool:
    # RFC 3339 date-time: a date, a time and (per the standard's examples) an optional offset.
    if not isinstance(value, str) or len(value) < 16 or value[10] not in "Tt ":
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return True


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
