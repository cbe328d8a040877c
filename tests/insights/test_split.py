from __future__ import annotations

from collections import defaultdict

from hypothesis import given
from hypothesis import strategies as st

from app.insights.split import ALL, DIMENSIONS, award_cells, split_evenly


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
