from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.changes.diff import diff
from app.core.field_order import order_errors

records = st.dictionaries(st.sampled_from("abcde"), st.one_of(st.none(), st.integers(0, 3)))


def test_only_changed_fields_are_listed() -> None:
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": {"before": 2, "after": 3}}
    assert diff(None, {"a": 1}) == {"a": {"before": None, "after": 1}}


@given(records, records)
def test_applying_a_diff_gives_the_after(before: dict[str, Any], after: dict[str, Any]) -> None:
    rebuilt = dict(before)
    for name, change in diff(before, after).items():
        assert change["before"] == before.get(name)
        rebuilt[name] = change["after"]
    assert {k: v for k, v in rebuilt.items() if v is not None} == {
        k: v for k, v in after.items() if v is not None
    }


@given(records)
def test_a_creation_lists_every_field_set_as_a_comparison_with_nothing_would(
    after: dict[str, Any],
) -> None:
    assert diff(None, after) == diff({}, after)


def test_order_errors_name_the_later_field_even_when_nested() -> None:
    values = {"opens_on": "2027-02-01", "closes_on": "2027-01-01", "e": {"lo": 5, "hi": 1}}
    errors = order_errors(values, [("opens_on", "closes_on"), ("e.lo", "e.hi")])
    assert [e["loc"] for e in errors] == [["body", "closes_on"], ["body", "e", "hi"]]
    assert (
        order_errors({"opens_on": None, "closes_on": "2027-01-01"}, [("opens_on", "closes_on")])
        == []
    )
