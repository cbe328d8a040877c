"""Request parameters routers share: paging, and the date a request is answered on."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Query

from app.core import clock


async def request_today() -> dt.date:
    """The date a request is answered on: one value for a whole request (tests pin it by
    overriding this dependency). Async: nothing to wait for, so no trip through the thread pool."""
    return clock.today()


TodayDep = Annotated[dt.date, Depends(request_today)]

LimitQuery = Annotated[int, Query(ge=1, le=200, description="Items per page (at most 200).")]
