from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every timestamp we store is UTC, so say so."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def today() -> dt.date:
    """The date a request is answered on: one value for a whole request (tests pin it). Async:
    nothing to wait for, so no trip through the thread pool."""
    return dt.date.today()


TodayDep = Annotated[dt.date, Depends(today)]
