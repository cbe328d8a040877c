"""The status computed in SQL agrees with `stream_status` on every combination of dates."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Date, cast, literal, null, select
from sqlalchemy.orm import Session

from app.streams.search import status_expression
from app.streams.status import stream_status

days = st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31))
maybe_days = st.one_of(st.none(), days)


def _sql_date(value: dt.date | None) -> object:
    return cast(null(), Date) if value is None else literal(value, Date)


# No deadline: a timing limit fails on a loaded machine, and timings are not what this tests.
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(opens=maybe_days, closes=maybe_days, end=maybe_days, today=days)
def test_sql_status_agrees_with_the_python_function(
    session: Session,
    opens: dt.date | None,
    closes: dt.date | None,
    end: dt.date | None,
    today: dt.date,
) -> None:
    expression = status_expression(_sql_date(opens), _sql_date(closes), _sql_date(end), today=today)
    assert session.scalar(select(expression)) == stream_status(opens, closes, end, today=today)
