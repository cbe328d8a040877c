"""Page cursors: only a cursor made by this service for the same scope is taken back, and its
values always have the sort's types (property-based)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.cursors import Cursor, signed
from app.core.errors import InvalidInput

KINDS: dict[type, st.SearchStrategy[Any]] = {
    int: st.integers(min_value=-(2**63), max_value=2**63 - 1),
    float: st.floats(allow_nan=False, allow_infinity=False),
    str: st.text(
        st.characters(exclude_categories=["Cc", "Cs"]),
        max_size=100,
    ),
    dt.date: st.dates(),
    dt.datetime: st.datetimes(timezones=st.none() | st.just(dt.UTC)),
}
SORTS = st.lists(st.sampled_from(list(KINDS)), min_size=1, max_size=3)
SCOPES = st.text(max_size=60)


def refused(cursor: Cursor, kinds: list[Any]) -> bool:
    try:
        cursor.values(kinds)
    except InvalidInput as exc:
        assert exc.errors == [{"loc": ["query", "cursor"], "msg": exc.detail}]
        return True
    return False


@settings(deadline=None)  # no timing limit: CI machines are loaded
@given(data=st.data(), kinds=SORTS, scope=SCOPES)
def test_a_cursor_gives_back_the_values_it_was_made_from(
    data: st.DataObject, kinds: list[type], scope: str
) -> None:
    values = [data.draw(KINDS[k]) for k in kinds]
    token = Cursor(scope=scope).next(values)
    assert Cursor(token, scope=scope).values(kinds) == values


@settings(deadline=None)  # no timing limit: CI machines are loaded
@given(data=st.data(), kinds=SORTS, scope=SCOPES, other=SCOPES)
def test_a_cursor_is_refused_in_any_other_scope(
    data: st.DataObject, kinds: list[type], scope: str, other: str
) -> None:
    token = Cursor(scope=scope).next([data.draw(KINDS[k]) for k in kinds])
    assert refused(Cursor(token, scope=other), kinds) == (other != scope)


@settings(deadline=None)  # no timing limit: CI machines are loaded
@given(data=st.data(), kinds=SORTS)
def test_a_changed_cursor_is_refused(data: st.DataObject, kinds: list[type]) -> None:
    token = Cursor(scope="s").next([data.draw(KINDS[k]) for k in kinds])
    position = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.sampled_from("AQgw_-.=x"))
    changed = token[:position] + replacement + token[position + 1 :]
    if not same_bytes(changed, token):
        assert refused(Cursor(changed, scope="s"), kinds)


def same_bytes(one: str, other: str) -> bool:
    """Whether two cursors decode to the same bytes (base64 ignores the spare bits of a last
    character, and a changed separator may still split alike)."""

    def decoded(token: str) -> tuple[bytes, ...] | None:
        try:
            return tuple(
                base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)) for p in token.split(".")
            )
        except (binascii.Error, ValueError):
            return None

    return decoded(one) is not None and decoded(one) == decoded(other)


@settings(deadline=None)  # no timing limit: CI machines are loaded
@given(st.text(max_size=300))
def test_any_text_is_a_cursor_or_a_422_naming_cursor(text: str) -> None:
    assert refused(Cursor(text, scope="s"), [int])


@pytest.mark.parametrize(
    ("values", "kinds"),
    [
        ([None, None], [dt.date, int]),
        ([2**64, 1], [int, int]),
        ([True], [int]),
        (["2019-01-01", 1], [dt.date, int]),
        ([{"d": "2019-01-01"}], [int]),
        ([{"t": "2019-01-01T00:00:00"}], [dt.date]),
        (["a\x00b"], [str]),
        (["x" * 501], [str]),
        ([1.5], [int]),
        ([float("inf")], [float]),
        ([[1]], [int]),
        ([1, 2], [int]),
    ],
)
def test_a_signed_cursor_of_the_wrong_shape_is_refused(values: list[Any], kinds: list[Any]) -> None:
    # As an attacker who knows the key could sign it: the shape is checked all the same.
    assert refused(Cursor(Cursor(scope="s").next(values), scope="s"), kinds)


def test_a_deeply_nested_signed_cursor_is_refused() -> None:
    token = signed("s", b"[" * 5000 + b"]" * 5000)
    assert refused(Cursor(token, scope="s"), [int])
