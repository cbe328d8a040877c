"""A read-only, in-process copy of what the stream search filters, counts and sorts on.

Built from the database with a handful of whole-table queries and kept by the catalogue cache
(app/streams/catalogue.py) under the token that every write to streams renews, so it is
never stale. Sort orders are read from the database with the very expressions the SQL search
orders by, so that both paths order alike (collations included) and make the same cursors.
What depends on the day (status) is derived per day; the public representations are rendered
by `stream_read` on first use and kept, without their status, which each request sets.
"""

from __future__ import annotations

import datetime as dt
import threading
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.funders.models import Funder
from app.streams.filters import OPEN_WHEN_UNNAMED, TERM_FILTERS, StreamFacts
from app.streams.models import FundingStream, StreamBorough, StreamTerm
from app.streams.representation import stream_read
from app.streams.search import Sort, sort_keys
from app.streams.status import Status, stream_status

# The orders that do not depend on the query (relevance does: it comes from the text match).
STATIC_SORTS: tuple[Sort, ...] = ("closes_on", "-published_at", "-max_award", "name")
# Text matches kept per snapshot (of single words on SQLite, of whole queries on PostgreSQL:
# see `Scores`): a common word's match (thousands of streams, each scored) costs more than all
# the filters. A match keeps a mask and one double per stream of the snapshot (80 kB at 10,000
# streams), so this bounds them near 40 MB.
TEXT_CACHE_SIZE = 512


@dataclass
class Order:
    """One sort order of every live stream: the pks in order, each pk's sort-key values and
    (worked out on first use) its position."""

    sequence: list[int]
    values: dict[int, tuple[Any, ...]]

    @cached_property
    def rank(self) -> dict[int, int]:
        return {pk: i for i, pk in enumerate(self.sequence)}


# The positions of the set bits of each byte value, to list the streams of a mask quickly.
_BYTE_BITS = tuple(tuple(i for i in range(8) if value >> i & 1) for value in range(256))


@dataclass(frozen=True, slots=True)
class Scores:
    """The relevance score of each stream a text matched, by the stream's bit position: the sum
    of `parts`, added in order (see `app.streams.search.scores_add_up`: on SQLite one part per
    word of the query, each scored once and kept; on PostgreSQL one part, the whole query's)."""

    bit: dict[int, int]
    parts: tuple[array[float], ...]

    def __getitem__(self, pk: int) -> float:
        i = self.bit[pk]
        parts = self.parts
        total = parts[0][i]
        for part in parts[1:]:
            total += part[i]
        return total


@dataclass
class SearchSnapshot:
    """Sets of streams are bit masks (Python ints): bit i stands for `pks[i]`. Intersecting
    two masks of 10,000 streams is one machine-level AND over 160 words, and a facet count is
    `(mask & value).bit_count()`, where sets of pks cost a hash lookup per stream."""

    facts: dict[int, StreamFacts]
    # Every live stream, by bit position; -1 marks the position of a stream gone since the
    # snapshot was first built (app/streams/snapshot_update.py), whose bit is never set again.
    pks: tuple[int, ...]
    # Per values filter dimension (borough, each vocabulary, funder): value -> its streams.
    by_value: dict[str, dict[str, int]]
    unnamed: dict[str, int]  # per dimension open when unnamed: the streams naming none of it
    orders: dict[Sort, Order]
    # pk -> bit position, and the mask of the live streams: worked out from `pks` if not given.
    bit: dict[int, int] = field(default_factory=dict)
    live: int = 0
    _by_day: dict[dt.date, tuple[dict[int, Status], dict[str, int]]] = field(default_factory=dict)
    _rendered: dict[int, dict[str, Any]] = field(default_factory=dict)
    _text: OrderedDict[tuple[str, ...], tuple[int, array[float]]] = field(
        default_factory=OrderedDict
    )
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if not self.bit:
            self.bit = {pk: i for i, pk in enumerate(self.pks) if pk >= 0}
        if not self.live:
            full = (1 << len(self.pks)) - 1
            self.live = full if len(self.bit) == len(self.pks) else self.mask(self.bit)

    def mask(self, pks: Iterable[int]) -> int:
        """The mask of these streams (pks the snapshot does not hold are left out)."""
        bits = bytearray((len(self.pks) + 7) // 8)
        bit = self.bit
        for pk in pks:
            i = bit.get(pk)
            if i is not None:
                bits[i >> 3] |= 1 << (i & 7)
        return int.from_bytes(bits, "little")

    def members(self, mask: int) -> list[int]:
        """The pks of the streams in `mask`."""
        found: list[int] = []
        pks = self.pks
        for index, byte in enumerate(mask.to_bytes((len(pks) + 7) // 8, "little")):
            if byte:
                start = index * 8
                found.extend(pks[start + i] for i in _BYTE_BITS[byte])
        return found

    def statuses(self, today: dt.date) -> tuple[dict[int, Status], dict[str, int]]:
        """Each stream's status on `today`, and the mask of the streams of each status."""
        found = self._by_day.get(today)
        if found is None:
            status = {
                pk: stream_status(f.opens_on, f.closes_on, f.programme_end, today=today)
                for pk, f in self.facts.items()
            }
            found = (status, self.status_masks(status))
            with self._lock:
                if len(self._by_day) > 3:
                    self._by_day.clear()
                self._by_day[today] = found
        return found

    def status_masks(self, status: dict[int, Status]) -> dict[str, int]:
        """The mask of the streams of each status, and of every status but closed."""
        groups: dict[str, list[int]] = defaultdict(list)
        for pk, s in status.items():
            groups[s].append(pk)
        by_status = {s: self.mask(pks) for s, pks in groups.items()}
        # The default filter: every status but closed.
        by_status["not closed"] = self.live & ~by_status.get("closed", 0)
        return by_status

    def text_scores(
        self, words: tuple[str, ...], score: Callable[[], tuple[list[int], list[float]]]
    ) -> tuple[int, array[float]]:
        """The mask of the live streams matching `words` and the relevance score of each, by bit
        position, from `score()` (the matching pks and their scores) on first use.

        The full-text index changes only with a new token, i.e. a new snapshot, so what was
        scored under this one stays true."""
        with self._lock:
            found = self._text.get(words)
            if found is not None:
                self._text.move_to_end(words)
                return found
        pks, values = score()
        by_bit = array("d", bytes(8 * len(self.pks)))
        bit = self.bit
        for pk, value in zip(pks, values, strict=True):
            i = bit.get(pk)
            if i is not None:
                by_bit[i] = value
        found = (self.mask(pks), by_bit)
        with self._lock:
            self._text[words] = found
            while len(self._text) > TEXT_CACHE_SIZE:
                self._text.popitem(last=False)
        return found

    def rendered(
        self, session: Session, pks: Iterable[int], today: dt.date
    ) -> list[dict[str, Any]]:
        """The public representations of these streams, in order, with today's status."""
        wanted = list(pks)
        missing = [pk for pk in wanted if pk not in self._rendered]
        if missing:
            for stream in session.scalars(
                select(FundingStream).where(FundingStream.pk.in_(missing))
            ).unique():
                self._rendered[stream.pk] = stream_read(stream, today=today).model_dump(mode="json")
        status, _ = self.statuses(today)
        items = []
        for pk in wanted:
            if pk not in self._rendered:
                continue  # removed from the table since the token was read (never soft deletes)
            item = dict(self._rendered[pk])
            item["status"] = status[pk]  # an existing key: its place in the object stays
            items.append(item)
        return items


def sort_values(
    session: Session, sort: Sort, pks: Collection[int] | None = None
) -> list[tuple[int, tuple[Any, ...]]]:
    """The live streams (or those of `pks`) in `sort`'s order, each with its sort-key values."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    keys = sort_keys(sort, None, sqlite=sqlite)
    stmt = select(FundingStream.pk, *(k.expression for k in keys)).where(
        FundingStream.deleted_at.is_(None)
    )
    if pks is not None:
        stmt = stmt.where(FundingStream.pk.in_(pks))
    rows = session.execute(stmt.order_by(*(k.order_by() for k in keys))).all()
    return [(pk, tuple(values)) for pk, *values in rows]


def _order(session: Session, sort: Sort) -> Order:
    rows = sort_values(session, sort)
    return Order(sequence=[pk for pk, _ in rows], values=dict(rows))


def _index(snapshot: SearchSnapshot, pairs: Iterable[tuple[Any, int]]) -> dict[Any, int]:
    groups: dict[Any, list[int]] = defaultdict(list)
    for key, pk in pairs:
        groups[key].append(pk)
    return {key: snapshot.mask(pks) for key, pks in groups.items()}


@dataclass
class Rows:
    """What the snapshot reads of some live streams."""

    facts: dict[int, StreamFacts]
    terms: list[tuple[int, str, str]]  # (pk, vocabulary, slug)
    boroughs: list[tuple[int, str]]  # (pk, GSS code)

    def by_dimension(self) -> dict[str, list[tuple[str, int]]]:
        """(value, pk) of each values filter dimension the streams name."""
        found: dict[str, list[tuple[str, int]]] = {v: [] for v in TERM_FILTERS}
        found["borough"] = [(code, pk) for pk, code in self.boroughs]
        found["funder"] = [(f.funder, pk) for pk, f in self.facts.items()]
        for pk, vocabulary, slug in self.terms:
            found[vocabulary].append((slug, pk))
        return found


def read_rows(session: Session, pks: Collection[int] | None = None) -> Rows:
    """The facts of every live stream, or of those of `pks` that are live (three queries)."""
    s = FundingStream
    facts_query = (
        select(
            s.pk,
            Funder.slug,
            s.opens_on,
            s.closes_on,
            s.programme_end,
            s.age_min,
            s.age_max,
            s.min_award_pence,
            s.max_award_pence,
        )
        .join(Funder, Funder.pk == s.funder_pk)
        .where(s.deleted_at.is_(None))
    )
    terms_query = select(StreamTerm.stream_pk, StreamTerm.vocabulary, StreamTerm.slug).where(
        StreamTerm.vocabulary.in_(TERM_FILTERS)
    )
    boroughs_query = select(StreamBorough.stream_pk, StreamBorough.gss_code)
    if pks is not None:
        facts_query = facts_query.where(s.pk.in_(pks))
        terms_query = terms_query.where(StreamTerm.stream_pk.in_(pks))
        boroughs_query = boroughs_query.where(StreamBorough.stream_pk.in_(pks))
    rows = session.execute(facts_query).all()
    live = {r[0] for r in rows}
    term_rows = [(pk, v, slug) for pk, v, slug in session.execute(terms_query) if pk in live]
    borough_rows = [(pk, code) for pk, code in session.execute(boroughs_query) if pk in live]
    terms: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for pk, vocabulary, slug in term_rows:
        terms[pk][vocabulary].add(slug)
    boroughs: dict[int, set[str]] = defaultdict(set)
    for pk, code in borough_rows:
        boroughs[pk].add(code)
    facts = {
        r[0]: StreamFacts(
            funder=r[1],
            terms={v: frozenset(slugs) for v, slugs in terms.get(r[0], {}).items()},
            boroughs=frozenset(boroughs.get(r[0], ())),
            opens_on=r[2],
            closes_on=r[3],
            programme_end=r[4],
            age_min=r[5],
            age_max=r[6],
            min_award_pence=r[7],
            max_award_pence=r[8],
        )
        for r in rows
    }
    return Rows(facts, term_rows, borough_rows)


def load_search_snapshot(session: Session) -> SearchSnapshot:
    """Reads the snapshot of every live stream (about eight whole-table queries)."""
    rows = read_rows(session)
    snapshot = SearchSnapshot(
        facts=rows.facts,
        pks=tuple(sorted(rows.facts)),
        by_value={},
        unnamed={},
        orders={sort: _order(session, sort) for sort in STATIC_SORTS},
    )
    snapshot.unnamed = {
        dimension: snapshot.mask(pk for pk, f in rows.facts.items() if not f.named(dimension))
        for dimension in OPEN_WHEN_UNNAMED
    }
    snapshot.by_value = {
        dimension: _index(snapshot, pairs) for dimension, pairs in rows.by_dimension().items()
    }
    return snapshot
