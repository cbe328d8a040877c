"""The stream search and its facets over the in-process snapshot: operations on bit masks, no
SQL beyond the one indexed full-text query (itself kept per snapshot and query).

Same answers as the SQL path (app/streams/search.py, facets.py), which stays the reference:
tests compare both on random filter combinations. A cursor the snapshot cannot place (its
stream changed or went since it was made) returns None, and the caller uses the SQL path.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.pagination import decode_cursor, encode_cursor
from app.streams.facets import DIMENSIONS
from app.streams.search import TERM_FILTERS, Sort, StreamFilters, search_words, text_hits
from app.streams.snapshot import SearchSnapshot, StreamFacts

Page = tuple[list[int], str | None, int]


def _union(masks: dict[Any, int], keys: Iterable[Any]) -> int:
    found = 0
    for key in keys:
        found |= masks.get(key, 0)
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
        test = _scalar_test(filters)
        if test is not None:
            facts = snapshot.facts
            base = snapshot.mask(pk for pk in snapshot.members(base) if test(facts[pk]))
        self.base = base
        # One mask per filtering dimension (facet dimensions; text and scalars are in `base`).
        self.sets: dict[str, int] = {}
        if filters.boroughs:
            self.sets["borough"] = snapshot.everywhere | _union(
                snapshot.by_borough, filters.boroughs
            )
        for vocabulary, slugs in filters.terms.items():
            if slugs:
                self.sets[vocabulary] = _union(snapshot.by_term, ((vocabulary, s) for s in slugs))
        if filters.funders:
            self.sets["funder"] = _union(snapshot.by_funder, filters.funders)
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

    def facets(self, borough_codes: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Counts per value of every dimension over the streams every other filter lets through."""
        snapshot = self.snapshot
        everything = self.matched()
        counts: dict[str, dict[str, int]] = {}
        for dimension in DIMENSIONS:
            mask = self.matched(dimension) if dimension in self.sets else everything
            if dimension == "borough":
                everywhere = (mask & snapshot.everywhere).bit_count()
                codes = dict.fromkeys([*borough_codes, *snapshot.by_borough])
                found = {
                    code: (mask & snapshot.by_borough.get(code, 0)).bit_count() + everywhere
                    for code in codes
                }
            elif dimension in TERM_FILTERS:
                found = {
                    slug: (mask & values).bit_count()
                    for (vocabulary, slug), values in snapshot.by_term.items()
                    if vocabulary == dimension
                }
            elif dimension == "funder":
                found = {f: (mask & values).bit_count() for f, values in snapshot.by_funder.items()}
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
) -> tuple[int, dict[int, float]] | None:
    """The mask of the live streams matching the text and the relevance score (as the SQL
    search ranks) of each; None when there is no text to match. Scored once per snapshot and
    query, then kept."""
    words = search_words(filters.q)
    if not words:
        return None

    def score() -> dict[int, float]:
        hits = text_hits(session, words)
        return {pk: s for pk, s in session.execute(select(hits.c.stream_pk, hits.c.score))}

    return snapshot.text_scores(tuple(words), score)


def page(
    snapshot: SearchSnapshot,
    matched: Sequence[int],
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
