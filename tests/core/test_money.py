"""Pounds <-> pence: the one place money is converted (app/core/money.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.money import (
    as_pounds,
    pence_to_decimal,
    pence_to_pounds,
    pounds_to_pence,
    to_pence,
    whole_pence,
)

pence = st.integers(min_value=0, max_value=10**14)


@given(pence)
def test_pence_go_out_as_pounds_and_come_back_unchanged(amount: int) -> None:
    assert to_pence(as_pounds(amount)) == amount
    assert pounds_to_pence(pence_to_decimal(amount)) == amount
    assert whole_pence(str(pence_to_decimal(amount))) == amount


def test_whole_pounds_leave_as_integers_and_the_rest_with_two_decimals() -> None:
    assert as_pounds(1250000) == 12500
    assert isinstance(as_pounds(1250000), int)
    assert as_pounds(1250025) == 12500.25
    assert pence_to_pounds(None) is None
    assert pence_to_decimal(None) is None


def test_a_float_converts_through_its_shortest_spelling() -> None:
    assert to_pence(0.1) == 10
    assert to_pence(10000.5) == 1000050


def test_a_fraction_of_a_penny_is_refused_where_amounts_must_be_exact() -> None:
    with pytest.raises(ValueError, match="fractions of a penny"):
        whole_pence("1.005")
    assert to_pence(Decimal("1.005")) == 100  # rounded half to even where rounding is allowed
