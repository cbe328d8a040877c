"""The stream search and its facets over the in-process snapshot: operations on bit masks, no
SQL beyond the indexed full-text query of each word (itself kept per snapshot and word).

What each filter means is defined once, in app/streams/filters.py; this module and the SQL path
(app/streams/search.py, facets.py) both read it, and tests compare them (and the plain
`stream_passes`) on random streams and filter combinations. A cursor the snapshot cannot place (its
stream changed or went since it was made) returns None, and the caller uses the SQL path.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from app.core.cursors import Cursor
from app.streams.facets import DIMENSIONS
from app.streams.filters import VALUE_FILTERS, StreamFilters, bounds_test
from app.streams.search import Sort, scores_add_up, search_words, text_scores_packed
from app.streams.snapshot import Scores, SearchSnapshot

Page = tuple[list[int], str | None, int]


def _union(masks: dict[Any, int], keys: Iterable[Any]) -> int:
    found = 0
    for key in keys:
        found |= masks.get(key, 0)
    return found


def _named(snapshot: SearchSnapshot, dimension: str, values: Iterable[str]) -> int:
    """The streams naming one of `values` in a values filter's dimension."""
    return _union(snapshot.by_value[dimension], values)


class Matcher:
    """The streams each filter of a search lets through (as masks of the snapshot), to combine
    with or without one."""

    def __init__(
        self,
        snapshot: SearchSnapshot,
        filters: StreamFilters,
        today: dt.date,
        matches: int | None,
    ) -> None:
        self.snapshot = snapshot
        base = snapshot.live if matches is None else snapshot.live & matches
        test = bounds_test(filters)
        if test is not None:
            facts = snapshot.facts
            base = snapshot.mask(pk for pk in snapshot.members(base) if test(facts[pk]))
        self.base = base
        # One mask per filtering dimension (facet dimensions; text and scalars are in `base`).
        self.sets: dict[str, int] = {}
        for dimension in VALUE_FILTERS:
            wanted = filters.wanted(dimension)
            if wanted:
                named = _named(snapshot, dimension, wanted)
                self.sets[dimension] = named | snapshot.unnamed.get(dimension, 0)
        _, self.by_status = snapshot.statuses(today)
        if "any" not in filters.statuses:
            if filters.statuses:
                self.sets["status"] = _union(self.by_status, filters.statuses)
            else:
                self.sets["status"] = self.by_status["not closed"]

    def matched(self, leave_out: str | None = None) -> int:
        found = self.base
        for dimension, mask in self.sets.items():
            if dimension != leave_out:
                found &= mask
        return found

    def facets(self, every_value: Mapping[str, Sequence[str]]) -> dict[str, list[dict[str, Any]]]:
        """Counts per value of every dimension over the streams every other filter lets through
        (`every_value`: as for `stream_facets`)."""
        snapshot = self.snapshot
        everything = self.matched()
        counts: dict[str, dict[str, int]] = {}
        for dimension in DIMENSIONS:
            mask = self.matched(dimension) if dimension in self.sets else everything
            if dimension in VALUE_FILTERS:
                # A stream naming no value of an open dimension counts for every value.
                unnamed = (mask & snapshot.unnamed.get(dimension, 0)).bit_count()
                named = snapshot.by_value[dimension]
                found = {
                    value: (mask & named.get(value, 0)).bit_count() + unnamed
                    for value in dict.fromkeys([*every_value.get(dimension, ()), *named])
                }
            else:
                found = {
                    s: (mask & values).bit_count()
                    for s, values in self.by_status.items()
                    if s != "not closed"
                }
            counts[dimension] = found
        return {
            d: [
                {"value": v, "count": n}
                for v, n in sorted(values.items(), key=lambda item: (-item[1], item[0]))
                if n
            ]
            for d, values in counts.items()
        }


def text_scores(
    session: Session, snapshot: SearchSnapshot, filters: StreamFilters
) -> tuple[int, Scores] | None:
    """The mask of the live streams matching the text and the relevance score (as the SQL
    search ranks) of each; None when there is no text to match. Scored once per snapshot and
    word where scores add up (SQLite), per query where they do not, then kept."""
    words = search_words(filters.q)
    if not words:
        return None
    keys = [(w,) for w in words] if scores_add_up(session) else [tuple(words)]
    mask = snapshot.live
    parts = []
    for key in keys:
        found, part = snapshot.text_scores(key, partial(text_scores_packed, session, [*key]))
        mask &= found
        parts.append(part)
    return mask, Scores(snapshot.bit, tuple(parts))


def page(
    snapshot: SearchSnapshot,
    matched: Sequence[int],
    scores: Scores | None,
    *,
    sort: Sort | None,
    limit: int,
    cursor: Cursor,
) -> Page | None:
    """One page of `matched` in the search's order, its next cursor and the total; None when the
    cursor names a sort position the snapshot does not hold."""
    chosen: Sort = sort or ("relevance" if scores is not None else "closes_on")
    candidates: Iterable[int] = matched
    if chosen == "relevance" and scores is not None:
        values: Callable[[int], tuple[Any, ...]] = lambda pk: (scores[pk], pk)  # noqa: E731
        key: Callable[[int], Any] = lambda pk: (-scores[pk], pk)  # noqa: E731
        start_values = cursor.values((float, int))
        if start_values is not None:
            score, last = start_values
            start = (-score, last)
            candidates = [pk for pk in matched if key(pk) > start]
    else:
        order = snapshot.orders["closes_on" if chosen == "relevance" else chosen]
        values, key = order.values.__getitem__, order.rank.__getitem__
        # The first value's type depends on the sort (checked by the SQL path's keys).
        start_values = cursor.values((None, int))
        if start_values is not None:
            decoded = tuple(start_values)
            last = decoded[-1]
            if order.values.get(last) != decoded:
                return None
            position = order.rank[last]
            candidates = [pk for pk in matched if order.rank[pk] > position]
    chosen_pks = heapq.nsmallest(limit + 1, candidates, key=key)
    next_cursor = (
        cursor.next(list(values(chosen_pks[limit - 1]))) if len(chosen_pks) > limit else None
    )
    return chosen_pks[:limit], next_cursor, len(matched)
