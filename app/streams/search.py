"""Building the search query for funding streams: full text, filters, sorts and status.

Status is derived from dates in SQL by `status_expression`, which must agree with
`app.streams.status.stream_status` (tests check both on the same dates).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    Float,
    Integer,
    Subquery,
    Text,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from app.core.pagination import SortKey
from app.funders.models import Funder
from app.streams.filters import BOUND_FILTERS, OPEN_WHEN_UNNAMED, VALUE_FILTERS, StreamFilters
from app.streams.models import FundingStream, StreamBorough, StreamTerm
from app.streams.status import CLOSING_SOON_DAYS

Sort = Literal["relevance", "closes_on", "-published_at", "-max_award", "name"]
SORTS: tuple[Sort, ...] = ("relevance", "closes_on", "-published_at", "-max_award", "name")
# Rolling streams have no closing date; in the `closes_on` order they come after every deadline.
_NO_DEADLINE = dt.date(9999, 12, 31)
# Streams published on no known date sort as if published on this one: before any real round.
_UNDATED = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
# Words too common to search for. PostgreSQL's english configuration drops these itself; dropping
# them on SQLite too keeps the two databases' answers the same.
_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the their this to "  # noqa: SIM905
    "was were will with".split()
)


def search_words(q: str | None) -> list[str]:
    """The words of a query that take part in the search (lower case, no stopwords)."""
    if not q:
        return []
    # Letters and digits: an underscore separates words, as it does for the full-text index
    # (a word of underscores alone would be a phrase of no tokens, which FTS5 leaves out of
    # the match but not of bm25: `scores_add_up` needs every word to be a phrase).
    return [w for w in re.findall(r"[^\W_]+", q.lower()) if w not in _STOPWORDS]


def scores_add_up(session: Session) -> bool:
    """Whether a query's relevance score is the sum of its words' own scores, added in the
    query's order, so that each word can be scored once and kept (app/streams/snapshot.py).

    True on SQLite: FTS5's bm25 starts from 0.0 and adds one term per phrase of the query (each
    quoted word one phrase), and each term depends only on its phrase, the row and the whole
    table (its IDF counts the rows holding the phrase, not those matching the query), so the
    sum of single-word scores is the very double the whole query gets (tests compare them).
    False on PostgreSQL: `ts_rank` of a query is no sum of its words' ranks."""
    return session.get_bind().dialect.name == "sqlite"


def status_expression(
    opens_on: Any, closes_on: Any, programme_end: Any, *, today: dt.date
) -> ColumnElement[str]:
    """The status of a round on `today`, in SQL (mirrors `stream_status`)."""
    day = literal(today, Date)
    soon = literal(today + dt.timedelta(days=CLOSING_SOON_DAYS), Date)
    return case(
        (and_(opens_on.is_not(None), day < opens_on), "forthcoming"),
        (and_(closes_on.is_(None), programme_end.is_not(None), programme_end < day), "closed"),
        (closes_on.is_(None), "rolling"),
        (closes_on < day, "closed"),
        (closes_on <= soon, "closing_soon"),
        else_="open",
    )


def stream_status_column(today: dt.date) -> ColumnElement[str]:
    s = FundingStream
    return status_expression(s.opens_on, s.closes_on, s.programme_end, today=today)


def fts5_match(words: list[str]) -> str:
    """An FTS5 query needing every word; each word quoted, so user text never reaches FTS5's
    query syntax."""
    return " ".join('"' + w.replace('"', "") + '"' for w in words)


def text_hits(session: Session, words: list[str]) -> Subquery:
    """Streams matching every word, with a relevance score (higher is better)."""
    if session.get_bind().dialect.name == "sqlite":
        match = fts5_match(words)
        sql = (
            "SELECT rowid AS stream_pk, -bm25(stream_search, 10.0, 4.0, 1.0, 1.0, 4.0) AS score "
            "FROM stream_search WHERE stream_search MATCH :match"
        )
    else:
        match = " ".join(words)
        sql = (
            # float8: a float4 rank would not survive the round trip through a cursor exactly.
            "SELECT stream_pk, ts_rank(document, query)::float8 AS score FROM stream_search, "
            "plainto_tsquery('english', :match) AS query WHERE document @@ query"
        )
    hits = text(sql).bindparams(match=match).columns(stream_pk=Integer, score=Float)
    return hits.subquery("hits")


def text_scores_packed(session: Session, words: list[str]) -> tuple[list[int], list[float]]:
    """The streams matching every word and their relevance scores, as `text_hits` gives them,
    read as one row: one text of "pk score" pairs, each score written so that it reads back as
    the same double (`%!.17g` on SQLite; PostgreSQL writes float8 exactly).

    One row, because SQLite's driver lets go of the GIL for every row it steps to: a match of
    thousands of rows read as rows gave every other request's thread a turn thousands of times,
    each waiting out the interpreter's switch interval (5 ms) to get it back, and 8 concurrent
    searches ran slower together than one at a time (BENCHMARKS.md, issue 15). As one row, the
    whole match runs in SQLite with the GIL released: in parallel with Python on the other
    core."""
    hits = text_hits(session, words)
    if session.get_bind().dialect.name == "sqlite":
        # LIMIT -1 keeps SQLite from merging the subquery: bm25() works only in its own query.
        inner = select(hits.c.stream_pk, hits.c.score).limit(-1).subquery()
        pair = inner.c.stream_pk.concat(" ").concat(func.printf("%!.17g", inner.c.score))
        packed = session.scalar(select(func.group_concat(pair, ",")))
    else:
        pair = func.concat(hits.c.stream_pk, " ", cast(hits.c.score, Text))
        packed = session.scalar(select(func.string_agg(pair, ",")))
    if not packed:
        return [], []
    parts = packed.replace(",", " ").split(" ")
    return [int(pk) for pk in parts[0::2]], [float(score) for score in parts[1::2]]


def names(dimension: str, values: Sequence[str] | None = None) -> ColumnElement[bool]:
    """The stream names a value of a values filter's dimension (one of `values`, if given)."""
    s = FundingStream
    if dimension == "funder":
        # Every stream has one funder, so only "one of these" is ever asked.
        return s.funder_pk.in_(select(Funder.pk).where(Funder.slug.in_(values or ())))
    if dimension == "borough":
        where = [StreamBorough.stream_pk == s.pk]
        if values is not None:
            where.append(StreamBorough.gss_code.in_(values))
    else:
        where = [StreamTerm.stream_pk == s.pk, StreamTerm.vocabulary == dimension]
        if values is not None:
            where.append(StreamTerm.slug.in_(values))
    return exists().where(*where)


def conditions(
    session: Session, filters: StreamFilters, *, today: dt.date
) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a search (AND between filters, OR within one repeated filter)."""
    s = FundingStream
    # Deleted streams are gone from search (they stay in the change log, restorable).
    found: list[ColumnElement[bool]] = [s.deleted_at.is_(None)]
    words = search_words(filters.q)
    if words:
        found.append(s.pk.in_(select(text_hits(session, words).c.stream_pk)))
    for dimension in VALUE_FILTERS:
        wanted = filters.wanted(dimension)
        if wanted:
            named = names(dimension, wanted)
            if dimension in OPEN_WHEN_UNNAMED:
                named = or_(~names(dimension), named)
            found.append(named)
    for bound in BOUND_FILTERS:
        asked = filters.bound(bound)
        if asked is not None:
            column = getattr(s, bound.attribute)
            compared = column <= asked if bound.at_most else column >= asked
            # NULL compares to nothing, so a stream without the value passes only when OR'd in.
            found.append(or_(column.is_(None), compared) if bound.unset_passes else compared)
    if "any" not in filters.statuses:
        status = stream_status_column(today)
        found.append(status.in_(filters.statuses) if filters.statuses else status != "closed")
    return found


def sort_keys(
    sort: Sort, score: ColumnElement[float] | None, *, sqlite: bool
) -> tuple[SortKey, ...]:
    """The keyset ordering of a sort; `pk` last makes every ordering total."""
    s = FundingStream
    if sort == "relevance" and score is not None:
        return (SortKey(score, descending=True), SortKey(s.pk))
    if sort == "-published_at":
        # SQLite keeps timestamps as text in two shapes (with and without fractions of a second);
        # one canonical text form makes them compare correctly with a cursor's value.
        # A stream whose source gives no date has none; it comes after every dated one.
        known: Any = func.coalesce(s.published_at, literal(_UNDATED, DateTime(timezone=True)))
        if sqlite:
            text_form = func.strftime("%Y-%m-%d %H:%M:%f", known)
            published = SortKey(text_form, descending=True, kind=str)
        else:
            published = SortKey(known, descending=True)
        return (published, SortKey(s.pk, descending=True))
    if sort == "-max_award":
        return (SortKey(func.coalesce(s.max_award_pence, -1), descending=True), SortKey(s.pk))
    if sort == "name":
        # By code point on both databases (SQLite's default collation; PostgreSQL's "C"), as
        # Python compares text: the in-process snapshot places a changed stream by comparing.
        return (SortKey(s.name if sqlite else s.name.collate("C")), SortKey(s.pk))
    # `closes_on`, and `relevance` without words to rank by: the nearest deadline first.
    return (SortKey(func.coalesce(s.closes_on, _NO_DEADLINE)), SortKey(s.pk))
