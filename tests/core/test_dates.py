"""The input date type: ISO 8601 text within EARLIEST_DATE..LATEST_DATE, never a number."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from app.core.dates import EARLIEST_DATE, LATEST_DATE, InputDate, InputDateTime

DATE = TypeAdapter(InputDate)
DATETIME = TypeAdapter(InputDateTime)
OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)


@settings(deadline=None)  # no timing limit: CI machines are loaded
@given(st.dates())
def test_a_date_is_taken_exactly_when_it_is_within_the_range(day: dt.date) -> None:
    text = day.isoformat()
    if EARLIEST_DATE <= day <= LATEST_DATE:
        assert DATE.validate_python(text) == day
        assert DATE.validate_json(f'"{text}"') == day
    else:
        with pytest.raises(ValidationError, match="between 1900-01-01 and 2100-12-31"):
            DATE.validate_python(text)


@settings(deadline=None)  # no timing limit: CI machines are loaded
@given(st.datetimes(timezones=st.none() | OFFSETS))
def test_a_time_is_taken_only_when_it_and_its_utc_form_are_within_the_range(
    moment: dt.datetime,
) -> None:
    text = moment.isoformat()
    in_utc = moment if moment.tzinfo is None else moment.astimezone(dt.UTC)
    if (
        EARLIEST_DATE
        <= min(moment.date(), in_utc.date())
        <= max(moment.date(), in_utc.date())
        <= LATEST_DATE
    ):
        parsed = DATETIME.validate_python(text)
        assert parsed == moment
        if parsed.tzinfo is not None:
            assert parsed.astimezone(dt.UTC) == in_utc  # no overflow
    else:
        with pytest.raises(ValidationError):
            DATETIME.validate_python(text)


@settings(deadline=None)  # no timing limit: CI machines are loaded
@given(st.integers() | st.integers(min_value=0).map(str) | st.floats(allow_nan=False))
def test_a_number_is_never_a_date(number: int | str | float) -> None:
    with pytest.raises(ValidationError, match="not a number"):
        DATE.validate_python(number)
    with pytest.raises(ValidationError, match="not a number"):
        DATETIME.validate_python(number)


@settings(deadline=None)  # no timing limit: CI machines are loaded
@given(st.text(max_size=40))
def test_any_text_is_a_date_in_range_or_a_validation_error(text: str) -> None:
    try:
        day = DATE.validate_python(text)
    except ValidationError:
        return
    assert EARLIEST_DATE <= day <= LATEST_DATE


def test_the_edges_of_the_range_are_dates() -> None:
    assert DATE.validate_python("1900-01-01") == EARLIEST_DATE
    assert DATE.validate_python("2100-12-31") == LATEST_DATE
    assert DATETIME.validate_python("2100-12-31T23:59:59+00:00").year == 2100
