"""The stream search and its facets over the in-process snapshot: set operations, no SQL
beyond the one indexed full-text query.

Same answers as the SQL path (app/streams/search.py, facets.py), which stays the reference:
tests compare both on random filter combinations. A cursor the snapshot cannot place (its
stream changed or went since it was made) returns None, and the caller uses the SQL path.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.pagination import decode_cursor, encode_cursor
from app.streams.facets import DIMENSIONS
from app.streams.search import (
    TERM_FILTERS,
    Sort,
    StreamFilters,
    search_words,
    text_hits,
)
from app.streams.snapshot import SearchSnapshot, StreamFacts

Page = tuple[list[int], str | None, int]


def _union(groups: dict[Any, frozenset[int]], keys: Iterable[Any]) -> set[int]:
    found: set[int] = set()
    for key in keys:
        found |= groups.get(key, frozenset())
    return found


def _scalar_test(filters: StreamFilters) -> Callable[[StreamFacts], bool] | None:
    """The filters on ages, amounts and dates as one test of a stream, if any is set."""
    age, amount = filters.age, filters.amount_pence
    after, before = filters.closes_after, filters.closes_before
    if age is None and amount is None and after is None and before is None:
        return None

    def passes(f: StreamFacts) -> bool:
        if age is not None and not (
            (f.age_min is None or f.age_min <= age) and (f.age_max is None or f.age_max >= age)
        ):
            return False
        if amount is not None and not (
            (f.min_award_pence is None or f.min_award_pence <= amount)
            and (f.max_award_pence is None or f.max_award_pence >= amount)
        ):
            return False
        if after is not None and not (f.closes_on is None or f.closes_on >= after):
            return False
        return before is None or (f.closes_on is not None and f.closes_on <= before)

    return passes


class Matcher:
    """The streams each filter of a search lets through, to combine with or without one."""

    def __init__(
        self,
        snapshot: SearchSnapshot,
        filters: StreamFilters,
        today: dt.date,
        matches: AbstractSet[int] | None,
    ) -> None:
        self.snapshot = snapshot
        base = snapshot.live
        if matches is not None:
            base = base.intersection(matches)
        test = _scalar_test(filters)
        if test is not None:
            base = frozenset(pk for pk in base if test(snapshot.facts[pk]))
        self.base = base
        # One set per filtering dimension (facet dimensions; text and scalars are in `base`).
        self.sets: dict[str, set[int] | frozenset[int]] = {}
        if filters.boroughs:
            self.sets["borough"] = snapshot.everywhere | _union(
                snapshot.by_borough, filters.boroughs
            )
        for vocabulary, slugs in filters.terms.items():
            if slugs:
                self.sets[vocabulary] = _union(snapshot.by_term, ((vocabulary, s) for s in slugs))
        if filters.funders:
            self.sets["funder"] = _union(snapshot.by_funder, filters.funders)
        self.status, by_status = snapshot.statuses(today)
        if "any" not in filters.statuses:
            if filters.statuses:
                self.sets["status"] = _union(by_status, filters.statuses)
            else:
                self.sets["status"] = by_status["not closed"]

    def matched(self, leave_out: str | None = None) -> set[int] | frozenset[int]:
        found = self.base
        chosen = [s for d, s in self.sets.items() if d != leave_out]
        for group in sorted(chosen, key=len):
            found = found & group
        return found

    def facets(self, borough_codes: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Counts per value of every dimension over the streams every other filter lets through."""
        facts = self.snapshot.facts
        counts: dict[str, dict[str, int]] = {d: {} for d in DIMENSIONS}
        everything = self.matched()
        for dimension in DIMENSIONS:
            pks = self.matched(dimension) if dimension in self.sets else everything
            count = counts[dimension]
            if dimension == "borough":
                everywhere = 0
                for pk in pks:
                    codes = facts[pk].boroughs
                    if not codes:
                        everywhere += 1
                    for code in codes:
                        count[code] = count.get(code, 0) + 1
                if everywhere:
                    for code in borough_codes:
                        count[code] = count.get(code, 0) + everywhere
            elif dimension in TERM_FILTERS:
                empty: frozenset[str] = frozenset()
                for pk in pks:
                    for slug in facts[pk].terms.get(dimension, empty):
                        count[slug] = count.get(slug, 0) + 1
            elif dimension == "funder":
                for pk in pks:
                    funder = facts[pk].funder
                    count[funder] = count.get(funder, 0) + 1
            else:
                for pk in pks:
                    status = self.status[pk]
                    count[status] = count.get(status, 0) + 1
        return {
            d: [
                {"value": v, "count": n}
                for v, n in sorted(values.items(), key=lambda item: (-item[1], item[0]))
            ]
            for d, values in counts.items()
        }


def text_scores(
    session: Session, snapshot: SearchSnapshot, filters: StreamFilters
) -> dict[int, float] | None:
    """The relevance score (as the SQL search ranks) of every stream matching the text; None
    when there is no text to match. Scored once per snapshot and query, then kept."""
    words = search_words(filters.q)
    if not words:
        return None

    def score() -> dict[int, float]:
        hits = text_hits(session, words)
        return {pk: s for pk, s in session.execute(select(hits.c.stream_pk, hits.c.score))}

    return snapshot.text_scores(tuple(words), score)


def page(
    snapshot: SearchSnapshot,
    matched: set[int] | frozenset[int],
    scores: dict[int, float] | None,
    *,
    sort: Sort | None,
    limit: int,
    cursor: str | None,
) -> Page | None:
    """One page of `matched` in the search's order, its next cursor and the total; None when the
    cursor names a sort position the snapshot does not hold."""
    chosen: Sort = sort or ("relevance" if scores is not None else "closes_on")
    candidates: Iterable[int] = matched
    if chosen == "relevance" and scores is not None:
        values: Callable[[int], tuple[Any, ...]] = lambda pk: (scores[pk], pk)  # noqa: E731
        key: Callable[[int], Any] = lambda pk: (-scores[pk], pk)  # noqa: E731
        if cursor:
            score, last = decode_cursor(cursor, 2)
            if not isinstance(score, int | float) or not isinstance(last, int):
                return None
            start = (-score, last)
            candidates = [pk for pk in matched if key(pk) > start]
    else:
        order = snapshot.orders["closes_on" if chosen == "relevance" else chosen]
        values, key = order.values.__getitem__, order.rank.__getitem__
        if cursor:
            decoded = tuple(decode_cursor(cursor, 2))
            last = decoded[-1]
            if not isinstance(last, int) or order.values.get(last) != decoded:
                return None
            position = order.rank[last]
            candidates = [pk for pk in matched if order.rank[pk] > position]
    chosen_pks = heapq.nsmallest(limit + 1, candidates, key=key)
    next_cursor = (
        encode_cursor(list(values(chosen_pks[limit - 1]))) if len(chosen_pks) > limit else None
    )
    return chosen_pks[:limit], next_cursor, len(matched)
