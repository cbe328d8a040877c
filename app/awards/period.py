"""The period an award runs for, as the overlap check and the aggregates both infer it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Most awards record no planned dates; their period is then taken as one year from the start
# (or the award date), and the reasons say so.
ASSUMED_LENGTH = dt.timedelta(days=365)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    # True when the end (or the whole period) was inferred from the award date.
    assumed: bool = False


def award_period(
    award_date: dt.date | None, planned_start: dt.date | None, planned_end: dt.date | None
) -> Period | None:
    """The period an award runs for; None when nothing about its dates is recorded."""
    start = planned_start or award_date or planned_end
    if start is None:
        return None
    if planned_end is not None:
        return Period(min(start, planned_end), planned_end, assumed=planned_start is None)
    return Period(start, start + ASSUMED_LENGTH, assumed=True)
