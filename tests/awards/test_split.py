from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.awards.split import ALL, DIMENSIONS, award_cells, split_evenly


@given(st.integers(0, 10**12), st.integers(1, 40))
def test_shares_add_up_and_differ_by_at_most_a_penny(total: int, parts: int) -> None:
    shares = split_evenly(total, parts)
    assert sum(shares) == total
    assert max(shares) - min(shares) <= 1


def test_three_boroughs_share_a_hundred_pounds_to_the_penny() -> None:
    assert split_evenly(10000, 3) == [3334, 3333, 3333]


keys = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=4)


@given(st.integers(0, 10**10), keys, keys, keys, st.sampled_from(["1", "2"]))
def test_every_table_of_cells_adds_up_to_the_award(
    amount: int, boroughs: list[str], activities: list[str], violence: list[str], funder: str
) -> None:
    cells = award_cells(
        amount_pence=amount,
        month=201803,
        keys={
            "borough": boroughs,
            "activity": activities,
            "violence_type": violence,
            "funder": [funder],
        },
    )
    totals: defaultdict[str, int] = defaultdict(int)
    for (dims, _a, _b, _month), pence in cells.items():
        totals[dims] += pence
    assert totals[ALL] == amount
    assert len(totals) == 1 + len(DIMENSIONS) + 6
    assert all(total == amount for total in totals.values())


def _cells_one_by_one(amount: int, month: int, keys: dict[str, list[str]]) -> dict[Any, int]:
    """The split spelled out plainly: each table on its own, each pair splitting its outer
    share over the inner keys."""
    ordered = {d: sorted(set(keys.get(d, []))) or [ALL] for d in DIMENSIONS}
    cells: dict[Any, int] = {(ALL, ALL, ALL, month): amount}
    for d in DIMENSIONS:
        for key, share in zip(ordered[d], split_evenly(amount, len(ordered[d])), strict=True):
            cells[(d, key, ALL, month)] = share
    for first, second in combinations(DIMENSIONS, 2):
        outer = zip(ordered[first], split_evenly(amount, len(ordered[first])), strict=True)
        for key_a, share in outer:
            inner = split_evenly(share, len(ordered[second]))
            for key_b, part in zip(ordered[second], inner, strict=True):
                cells[(f"{first}+{second}", key_a, key_b, month)] = part
    return cells


@given(st.integers(0, 10**10), keys, keys, keys, keys)
def test_award_cells_equal_the_split_spelled_out(
    amount: int, boroughs: list[str], activities: list[str], violence: list[str], funders: list[str]
) -> None:
    given_keys = {
        "borough": boroughs,
        "activity": activities,
        "violence_type": violence,
        "funder": funders,
    }
    expected = _cells_one_by_one(amount, 202401, given_keys)
    assert award_cells(amount_pence=amount, month=202401, keys=given_keys) == expected
