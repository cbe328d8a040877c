"""Facet counts for a stream search: how many results each filter value would give.

Convention (as GrantNav and Simpler.Grants.gov): a dimension's counts apply every filter except
that dimension's own, so picking a second value of a filter shows what it would add, and counts of
values already chosen stay visible. The status counts leave out the default "hide closed" too.
A borough's count includes the streams open to all London, since those match that borough, and
an applicant type's the streams open to every type (`OPEN_WHEN_UNNAMED` in app/streams/filters.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, select, union_all
from sqlalchemy.orm import Session

from app.funders.models import Funder
from app.streams.filters import OPEN_WHEN_UNNAMED, TERM_FILTERS, StreamFilters
from app.streams.models import FundingStream, StreamBorough, StreamTerm
from app.streams.search import conditions, names, stream_status_column

DIMENSIONS: tuple[str, ...] = ("borough", *TERM_FILTERS, "funder", "status")
# Counted as the value "*": the streams naming no value of a dimension open when unnamed.
_UNNAMED = "*"


def _unnamed(dimension: str, matched: Select[Any]) -> Select[str, str, int]:
    s = FundingStream
    return select(literal(dimension), literal(_UNNAMED), func.count()).where(
        s.pk.in_(matched), ~names(dimension)
    )


def _counts(
    dimension: str, matched: Select[Any], today: dt.date, vocabularies: list[str]
) -> list[Select[str, str, int]]:
    """Selects of (dimension, value, count) over the streams whose pks `matched` selects."""
    s = FundingStream
    if dimension == "terms":
        return [
            select(StreamTerm.vocabulary, StreamTerm.slug, func.count())
            .where(StreamTerm.stream_pk.in_(matched), StreamTerm.vocabulary.in_(vocabularies))
            .group_by(StreamTerm.vocabulary, StreamTerm.slug),
            *(_unnamed(v, matched) for v in vocabularies if v in OPEN_WHEN_UNNAMED),
        ]
    if dimension == "borough":
        return [
            select(literal("borough"), StreamBorough.gss_code, func.count())
            .where(StreamBorough.stream_pk.in_(matched))
            .group_by(StreamBorough.gss_code),
            _unnamed("borough", matched),
        ]
    if dimension == "funder":
        return [
            select(literal("funder"), Funder.slug, func.count())
            .join(s, s.funder_pk == Funder.pk)
            .where(s.pk.in_(matched))
            .group_by(Funder.slug)
        ]
    status = stream_status_column(today)
    return [
        select(literal("status"), status, func.count()).where(s.pk.in_(matched)).group_by(status)
    ]


def stream_facets(
    *,
    session: Session,
    filters: StreamFilters,
    today: dt.date,
    every_value: Mapping[str, Sequence[str]],
) -> dict[str, list[dict[str, Any]]]:
    """Counts per value of every filter dimension, in one statement. `every_value` lists the
    values of each dimension open when unnamed (boroughs, applicant types): a stream naming
    none of them counts for each."""

    def matched(f: StreamFilters, name: str) -> Select[Any]:
        # A named CTE: the database finds the matching streams once however many counts use them.
        where: list[ColumnElement[bool]] = conditions(session, f, today=today)
        found = select(FundingStream.pk).where(*where).cte(f"matched_{name}")
        return select(found.c.pk)

    everything = matched(filters, "all")

    parts: list[Select[str, str, int]] = []
    shared = [d for d in DIMENSIONS if not filters.filters_on(d)]
    shared_terms = [d for d in shared if d in TERM_FILTERS]
    if shared_terms:
        parts += _counts("terms", everything, today, shared_terms)
    for dimension in DIMENSIONS:
        own = filters.filters_on(dimension)
        if dimension in TERM_FILTERS:
            if own:
                own_set = matched(filters.without(dimension), dimension)
                parts += _counts("terms", own_set, today, [dimension])
            continue
        base = matched(filters.without(dimension), dimension) if own else everything
        parts += _counts(dimension, base, today, [])
    rows = session.execute(union_all(*parts)).all()

    counts: dict[str, dict[str, int]] = {d: {} for d in DIMENSIONS}
    for dimension, value, count in rows:
        if count:
            counts[dimension][value] = counts[dimension].get(value, 0) + count
    for dimension in OPEN_WHEN_UNNAMED:
        unnamed = counts[dimension].pop(_UNNAMED, 0)
        if unnamed:
            for value in every_value.get(dimension, ()):
                counts[dimension][value] = counts[dimension].get(value, 0) + unnamed
    return {
        d: [
            {"value": v, "count": n}
            for v, n in sorted(values.items(), key=lambda item: (-item[1], item[0]))
        ]
        for d, values in counts.items()
    }
