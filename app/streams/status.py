"""A stream's status, derived from its dates on the day of the request (never stored)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

Status = Literal["forthcoming", "open", "closing_soon", "closed", "rolling"]
STATUSES: tuple[Status, ...] = ("forthcoming", "open", "closing_soon", "closed", "rolling")
CLOSING_SOON_DAYS = 14


def stream_status(
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    programme_end: dt.date | None,
    *,
    today: dt.date,
) -> Status:
    """Tells where a round stands on `today`.

    No closing date means a rolling programme, unless the programme itself has ended: a stream
    whose sources give no deadline but whose funding finished is closed, not open for ever.
    """
    if opens_on is not None and today < opens_on:
        return "forthcoming"
    if closes_on is None:
        if programme_end is not None and programme_end < today:
            return "closed"
        return "rolling"
    if closes_on < today:
        return "closed"
    if (closes_on - today).days <= CLOSING_SOON_DAYS:
        return "closing_soon"
    return "open"
