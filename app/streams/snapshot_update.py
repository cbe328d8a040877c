"""A search snapshot brought up to date from the streams that changed, not reread whole.

A write changes a handful of streams; rereading all 10,000 of them (and every sort order) took
the next searcher two seconds, in every worker in turn (BENCHMARKS.md, issue 15). The snapshot
of the new catalogue token is built from the old one: the changed streams' facts are read again
(three indexed queries and one per sort order), their bits cleared from every mask and set
again from the new facts, and each is put back into every sort order where its sort-key values
place it. The old snapshot is not touched: requests still reading it keep a consistent view.

The result equals a full `load_search_snapshot` of the same data (tests compare the two after
random writes), except for bit positions: a stream gone keeps its position, unused, and a new
one takes a new position at the end; the snapshot is built whole again when unused positions
make up a quarter of them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Iterable
from functools import total_ordering
from typing import Any

from sqlalchemy.orm import Session

from app.streams.search import Sort, sort_keys
from app.streams.snapshot import (
    STATIC_SORTS,
    Order,
    SearchSnapshot,
    load_search_snapshot,
    read_rows,
    sort_values,
)
from app.streams.status import stream_status


@total_ordering
class _Descending:
    """A sort-key value in a descending position: compares the other way round."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and self.value == other.value

    def __lt__(self, other: _Descending) -> bool:
        return bool(other.value < self.value)

    def __hash__(self) -> int:
        return hash(self.value)


def comparable(sort: Sort, sqlite: bool) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """Turns the sort-key values of a stream into a tuple Python orders as the database does.

    Every sort ends with the pk, so no two streams compare equal. The values are dates, numbers
    and text, which both databases order as Python does: SQLite's default collation compares
    UTF-8 bytes, i.e. code points, and `sort_keys` gives names PostgreSQL's "C" collation."""
    keys = sort_keys(sort, None, sqlite=sqlite)
    descending = [k.descending for k in keys]

    def key(values: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(_Descending(v) if d else v for v, d in zip(values, descending, strict=True))

    return key


def _reordered(
    session: Session, order: Order, sort: Sort, changed: Collection[int], sqlite: bool
) -> Order:
    values = dict(order.values)
    sequence = list(order.sequence)
    key = comparable(sort, sqlite)

    def placed(pk: int) -> tuple[Any, ...]:
        return key(values[pk])

    # Binary searches: the keys of about 14 of 10,000 streams are worked out for each.
    for pk in changed:
        if pk in values:
            del sequence[bisect.bisect_left(sequence, placed(pk), key=placed)]
            del values[pk]
    for pk, found in sort_values(session, sort, changed):
        sequence.insert(bisect.bisect_left(sequence, key(found), key=placed), pk)
        values[pk] = found
    return Order(sequence=sequence, values=values)


def updated_snapshot(
    session: Session, old: SearchSnapshot, changed: Collection[int]
) -> SearchSnapshot:
    """The snapshot `old` with the streams of `changed` read again (gone if no longer live)."""
    if not changed:
        return old
    rows = read_rows(session, changed)
    positions = list(old.pks)
    bit = dict(old.bit)
    live = old.live
    for pk in changed:
        if pk in bit and pk not in rows.facts:
            positions[bit[pk]] = -1
            live &= ~(1 << bit.pop(pk))
    for pk in sorted(pk for pk in rows.facts if pk not in bit):
        bit[pk] = len(positions)
        live |= 1 << len(positions)
        positions.append(pk)
    if positions.count(-1) * 4 > len(positions):
        return load_search_snapshot(session)
    facts = dict(old.facts)
    for pk in changed:
        facts.pop(pk, None)
    facts.update(rows.facts)
    sqlite = session.get_bind().dialect.name == "sqlite"
    new = SearchSnapshot(
        facts=facts,
        pks=tuple(positions),
        by_value={},
        unnamed={},
        orders={s: _reordered(session, old.orders[s], s, changed, sqlite) for s in STATIC_SORTS},
        bit=bit,
        live=live,
    )
    # Old bits of the changed streams out of every mask, their new ones in.
    keep = ~old.mask(changed)
    new.unnamed = {
        dimension: (mask & keep)
        | new.mask(pk for pk, f in rows.facts.items() if not f.named(dimension))
        for dimension, mask in old.unnamed.items()
    }
    added = rows.by_dimension()
    new.by_value = {
        dimension: _patched(new, masks, keep, added[dimension])
        for dimension, masks in old.by_value.items()
    }
    # What old worked out per day and rendered per stream stays true of the other streams.
    # Text matches do not: every write changes the index's statistics, hence every score.
    for today, (status, by_status) in list(old._by_day.items()):
        statuses = dict(status)
        for pk in changed:
            statuses.pop(pk, None)
        fresh = [
            (stream_status(f.opens_on, f.closes_on, f.programme_end, today=today), pk)
            for pk, f in rows.facts.items()
        ]
        statuses.update((pk, s) for s, pk in fresh)
        masks = _patched(
            new, {s: m for s, m in by_status.items() if s != "not closed"}, keep, fresh
        )
        masks["not closed"] = new.live & ~masks.get("closed", 0)
        new._by_day[today] = (statuses, masks)
    rendered = dict(old._rendered)
    for pk in changed:
        rendered.pop(pk, None)
    new._rendered = rendered
    return new


def _patched(
    new: SearchSnapshot, masks: dict[Any, int], keep: int, pairs: Iterable[tuple[Any, int]]
) -> dict[Any, int]:
    found = {key: mask & keep for key, mask in masks.items()}
    added: dict[Any, list[int]] = {}
    for key, pk in pairs:
        added.setdefault(key, []).append(pk)
    for key, pks in added.items():
        found[key] = found.get(key, 0) | new.mask(pks)
    # A full load has no empty masks: a value no live stream has is not a key.
    return {key: mask for key, mask in found.items() if mask}
