"""Splitting an award's money over the cells of the priorities matrix. Pure functions.

Money for an award with several boroughs (activities, violence types) is split evenly over them,
to the penny: the remainder goes one penny at a time to the first keys, so the parts always add
up to the award.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from itertools import combinations

# Dimensions stored in the aggregate; `year` is read from the month of each cell.
DIMENSIONS: tuple[str, ...] = ("borough", "activity", "violence_type", "funder")
ALL = ""

Cell = tuple[str, str, str, int]  # dims, key_a, key_b, month


def split_evenly(total: int, parts: int) -> list[int]:
    """`total` pence in `parts` shares differing by at most a penny, larger first."""
    share, remainder = divmod(total, parts)
    return [share + 1] * remainder + [share] * (parts - remainder)


def month_of(date: dt.date | None) -> int:
    return 0 if date is None else date.year * 100 + date.month


def pair_name(first: str, second: str) -> str:
    return f"{first}+{second}"


def _keys(values: Sequence[str]) -> list[str]:
    return sorted(set(values)) or [ALL]


def _shares(total: int, keys: Sequence[str]) -> list[tuple[str, int]]:
    if len(keys) == 1:  # the common case, worth its shortcut at a million awards
        return [(keys[0], total)]
    return list(zip(keys, split_evenly(total, len(keys)), strict=True))


_PAIRS: tuple[tuple[str, str, str], ...] = tuple(
    (first, second, pair_name(first, second)) for first, second in combinations(DIMENSIONS, 2)
)


def award_cells(
    *,
    amount_pence: int,
    month: int,
    keys: Mapping[str, Sequence[str]],
    tables: Collection[str] | None = None,
) -> dict[Cell, int]:
    """The pence one award adds to each cell: the total, every dimension, every pair (or only
    the `tables` named, e.g. {"", "borough", "borough+activity"})."""
    cells: dict[Cell, int] = {(ALL, ALL, ALL, month): amount_pence}
    ordered = {d: _keys(keys.get(d, ())) for d in DIMENSIONS}
    shares = {d: _shares(amount_pence, ordered[d]) for d in DIMENSIONS}
    for dimension in DIMENSIONS:
        if tables is not None and dimension not in tables:
            continue
        for key, share in shares[dimension]:
            cells[(dimension, key, ALL, month)] = share
    for first, second, name in _PAIRS:
        if tables is not None and name not in tables:
            continue
        for key_a, share in shares[first]:
            for key_b, part in _shares(share, ordered[second]):
                cells[(name, key_a, key_b, month)] = part
    return cells
