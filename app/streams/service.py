"""Reading and searching funding streams."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.core.cursors import Cursor
from app.core.errors import InvalidInput, NotFound, every_problem
from app.core.known_ids import check_known_ids
from app.core.pagination import after
from app.funders.models import Funder
from app.reference.service import check_boroughs, check_terms
from app.streams.catalogue import Catalogue, current_catalogue
from app.streams.facets import stream_facets
from app.streams.filters import StreamFilters
from app.streams.memory_search import Matcher, page, text_scores
from app.streams.models import FundingStream
from app.streams.representation import stream_read
from app.streams.schemas import FacetCount, StreamPage
from app.streams.search import Sort, conditions, search_words, sort_keys, text_hits
from app.streams.snapshot import SearchSnapshot


def get_stream(*, session: Session, slug: str) -> FundingStream:
    """Gets a live stream by id; a deleted one is not found."""
    stream = session.scalar(
        select(FundingStream).where(FundingStream.slug == slug, FundingStream.deleted_at.is_(None))
    )
    if stream is None:
        raise NotFound(f"There is no funding stream with id {slug!r}.")
    return stream


def check_filters(filters: StreamFilters) -> None:
    """Rejects combinations that contradict each other."""
    low, high = filters.closes_after, filters.closes_before
    if low is not None and high is not None and low > high:
        raise InvalidInput.field(
            ["query", "closes_after"],
            f"closes_after ({low}) is later than closes_before ({high}).",
        )


def search_streams(
    *,
    session: Session,
    filters: StreamFilters,
    sort: Sort | None,
    limit: int,
    cursor: Cursor,
    today: dt.date,
) -> tuple[Sequence[FundingStream], str | None, int]:
    """Gets one page of matching streams, the next cursor and the total number of matches."""
    check_filters(filters)
    words = search_words(filters.q)
    where = conditions(session, filters, today=today)
    # Relevance is the default order of a text search; without words it means nearest deadline.
    chosen: Sort = sort or ("relevance" if words else "closes_on")
    score = None
    stmt: Select[Any] = select(FundingStream)
    if chosen == "relevance" and words:
        hits = text_hits(session, words)
        stmt = stmt.join(hits, hits.c.stream_pk == FundingStream.pk)
        score = hits.c.score
    keys = sort_keys(chosen, score, sqlite=session.get_bind().dialect.name == "sqlite")
    stmt = stmt.add_columns(*(k.expression for k in keys)).where(*where)
    stmt = stmt.order_by(*(k.order_by() for k in keys))
    start = cursor.values([k.value_type() for k in keys])
    if start is not None:
        stmt = stmt.where(after(keys, start))
    rows = session.execute(stmt.limit(limit + 1)).unique().all()
    next_cursor = cursor.next(list(rows[limit - 1][1:])) if len(rows) > limit else None
    total = session.scalar(select(func.count()).select_from(FundingStream).where(*where)) or 0
    return [row[0] for row in rows[:limit]], next_cursor, total


def _match(
    session: Session, filters: StreamFilters, today: dt.date, catalogue: Catalogue | None
) -> tuple[SearchSnapshot, tuple[int, dict[int, float]] | None, Matcher]:
    check_filters(filters)
    snapshot = (catalogue or current_catalogue(session)).search(session)
    text = text_scores(session, snapshot, filters)
    return snapshot, text, Matcher(snapshot, filters, today, None if text is None else text[0])


def matching_pks(*, session: Session, filters: StreamFilters, today: dt.date) -> list[int]:
    """The pks of every stream the search matches, in no order (to rank them otherwise)."""
    snapshot, _, matcher = _match(session, filters, today, None)
    return snapshot.members(matcher.matched())


def rendered_streams(
    *, session: Session, pks: Sequence[int], today: dt.date
) -> list[dict[str, Any]]:
    """These streams (in this order) as the search lists them."""
    return current_catalogue(session).search(session).rendered(session, pks, today)


def search_page(
    *,
    session: Session,
    filters: StreamFilters,
    sort: Sort | None,
    limit: int,
    cursor: Cursor,
    today: dt.date,
    every_value: Mapping[str, Sequence[str]] | None,
    catalogue: Catalogue | None = None,
) -> dict[str, Any] | None:
    """`search_streams` (and `stream_facets` when `every_value` is given) answered from the
    in-process snapshot, as the JSON of a `StreamPage`; None when the snapshot cannot place the
    cursor, and the SQL path must answer."""
    snapshot, text, matcher = _match(session, filters, today, catalogue)
    matched = snapshot.members(matcher.matched())
    # Relevance is the default order of a text search; without words it means nearest deadline.
    chosen: Sort = sort or ("relevance" if text is not None else "closes_on")
    ranked = text[1] if text is not None and chosen == "relevance" else None
    found = page(snapshot, matched, ranked, sort=chosen, limit=limit, cursor=cursor)
    if found is None:
        return None
    pks, next_cursor, total = found
    return {
        "items": snapshot.rendered(session, pks, today),
        "next_cursor": next_cursor,
        "total": total,
        "facets": None if every_value is None else matcher.facets(every_value),
    }


def checked_filters(session: Session, given: StreamFilters) -> StreamFilters:
    """The filters with every borough, term and funder they name checked (one 422 names every
    bad parameter), boroughs as GSS codes however they were named."""
    with every_problem() as problems:
        boroughs = problems.check(
            partial(
                check_boroughs, session=session, codes=given.boroughs, loc=["query", "borough"]
            ),
            given.boroughs,
        )
        terms = {
            name: problems.check(
                partial(
                    check_terms, session=session, vocabulary=name, slugs=slugs, loc=["query", name]
                ),
                slugs,
            )
            for name, slugs in given.terms.items()
        }
        funders = problems.check(
            partial(check_known_ids, session, Funder.slug, given.funders, loc=["query", "funder"]),
            given.funders,
        )
    return replace(given, boroughs=boroughs, terms=terms, funders=funders)


def search_answer(
    *,
    session: Session,
    filters: StreamFilters,
    sort: Sort | None,
    limit: int,
    cursor: Cursor,
    today: dt.date,
    facets: bool,
    catalogue: Catalogue | None = None,
) -> dict[str, Any]:
    """One page of the search (with facet counts if asked) as the JSON of a `StreamPage`: the
    API's answer and the find-funding page's list."""
    catalogue = catalogue or current_catalogue(session)
    # One `today` for the whole request: filters, facets and statuses shown agree.
    every_value = catalogue.every_value if facets else None
    # The in-process snapshot answers; the SQL path answers only a cursor it cannot place.
    found = search_page(
        session=session,
        filters=filters,
        sort=sort,
        limit=limit,
        cursor=cursor,
        today=today,
        every_value=every_value,
        catalogue=catalogue,
    )
    if found is not None:
        return found
    rows, next_cursor, total = search_streams(
        session=session, filters=filters, sort=sort, limit=limit, cursor=cursor, today=today
    )
    page = StreamPage(
        items=[stream_read(s, today=today) for s in rows], next_cursor=next_cursor, total=total
    )
    if every_value is not None:
        counts = stream_facets(
            session=session, filters=filters, today=today, every_value=every_value
        )
        page.facets = {
            d: [FacetCount(value=c["value"], count=c["count"]) for c in values]
            for d, values in counts.items()
        }
    return page.model_dump(mode="json")
