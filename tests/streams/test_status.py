from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from app.streams.status import STATUSES, stream_status

TODAY = dt.date(2026, 11, 25)


def test_before_opening_a_round_is_forthcoming() -> None:
    assert (
        stream_status(dt.date(2027, 1, 1), dt.date(2027, 2, 1), None, today=TODAY) == "forthcoming"
    )


def test_a_round_closing_in_more_than_two_weeks_is_open() -> None:
    assert stream_status(None, TODAY + dt.timedelta(days=15), None, today=TODAY) == "open"


def test_a_round_closing_within_two_weeks_is_closing_soon() -> None:
    assert stream_status(None, TODAY + dt.timedelta(days=14), None, today=TODAY) == "closing_soon"
    assert stream_status(None, TODAY, None, today=TODAY) == "closing_soon"


def test_after_the_closing_date_a_round_is_closed() -> None:
    assert stream_status(None, TODAY - dt.timedelta(days=1), None, today=TODAY) == "closed"


def test_no_closing_date_is_rolling_until_the_programme_ends() -> None:
    assert stream_status(None, None, None, today=TODAY) == "rolling"
    assert stream_status(None, None, TODAY + dt.timedelta(days=1), today=TODAY) == "rolling"
    assert stream_status(None, None, TODAY - dt.timedelta(days=1), today=TODAY) == "closed"


dates = st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), dt.date(2035, 1, 1)))


@given(dates, dates, dates, st.dates(dt.date(2015, 1, 1), dt.date(2035, 1, 1)))
def test_status_is_always_one_of_the_five(
    opens: dt.date | None, closes: dt.date | None, end: dt.date | None, today: dt.date
) -> None:
    assert stream_status(opens, closes, end, today=today) in STATUSES


@given(dates, st.dates(dt.date(2015, 1, 1), dt.date(2035, 1, 1)))
def test_once_closed_a_round_stays_closed(closes: dt.date | None, today: dt.date) -> None:
    if stream_status(None, closes, None, today=today) == "closed":
        assert stream_status(None, closes, None, today=today + dt.timedelta(days=30)) == "closed"
