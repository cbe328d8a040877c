"""The catalogue and search snapshot brought up to date from the streams a write changed equal a
full reload of the same data, and the log of what changed is trusted only when complete."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import utcnow
from app.funders.models import Funder
from app.reference.models import Borough, VocabularyTerm
from app.streams import catalogue
from app.streams.filters import TERM_FILTERS
from app.streams.models import FundingStream, StreamBorough, StreamTerm
from app.streams.search_index import (
    catalogue_state,
    changed_since,
    reindex_all,
    reindex_streams,
    renew_catalogue_token,
)
from app.streams.snapshot import SearchSnapshot, load_search_snapshot

DAY = dt.date(2026, 11, 25)


def _sets(snapshot: SearchSnapshot, masks: dict[Any, int]) -> dict[Any, set[int]]:
    return {key: set(snapshot.members(mask)) for key, mask in masks.items()}


def _state(snapshot: SearchSnapshot) -> dict[str, Any]:
    """Everything a search reads of a snapshot, independent of bit positions."""
    status, by_status = snapshot.statuses(DAY)
    return {
        "facts": snapshot.facts,
        "live": set(snapshot.members(snapshot.live)),
        "unnamed": _sets(snapshot, snapshot.unnamed),
        "by_value": {d: _sets(snapshot, masks) for d, masks in snapshot.by_value.items()},
        "orders": {s: (o.sequence, o.values, o.rank) for s, o in snapshot.orders.items()},
        "status": status,
        "by_status": _sets(snapshot, by_status),
    }


def _random_writes(session: Session, rng: random.Random) -> None:
    """Creates, changes, deletes and restores streams, and renames a funder, as writes do (each
    reindexing what it changed)."""
    funders = list(session.scalars(select(Funder)))
    codes = list(session.scalars(select(Borough.gss_code)))
    terms = [
        (v, s)
        for v, s in session.execute(select(VocabularyTerm.vocabulary, VocabularyTerm.slug))
        if v in TERM_FILTERS
    ]
    streams = list(session.scalars(select(FundingStream).order_by(FundingStream.pk)))
    for stream in rng.sample(streams, min(8, len(streams))):
        stream.name = rng.choice(["Aardvark Fund", "Zebra Grants", "Émigré Fund", stream.name])
        stream.closes_on = rng.choice([None, DAY + dt.timedelta(days=rng.randint(-30, 30))])
        stream.max_award_pence = rng.choice([None, 100_000, 9_000_000])
        stream.funder = rng.choice(funders)
        stream.boroughs = [StreamBorough(gss_code=c) for c in rng.sample(codes, rng.randint(0, 2))]
        vocabulary, slug = rng.choice(terms)
        stream.terms = [StreamTerm(vocabulary=vocabulary, slug=slug)]
        session.flush()
        reindex_streams(session, [stream.pk])
    gone = rng.choice(streams)
    gone.deleted_at = utcnow()
    session.flush()
    reindex_streams(session, [gone.pk])
    for n in range(3):
        added = FundingStream(
            slug=f"added-{n}",
            funder=rng.choice(funders),
            name=rng.choice(["Aardvark Fund", f"New Fund {n}"]),
            summary="Mentoring.",
            description="Youth.",
            opens_on=DAY - dt.timedelta(days=10),
            closes_on=rng.choice([None, DAY + dt.timedelta(days=5)]),
            published_at=utcnow(),
            boroughs=[StreamBorough(gss_code=rng.choice(codes))],
        )
        session.add(added)
        session.flush()
        reindex_streams(session, [added.pk])
    gone.deleted_at = None
    session.flush()
    reindex_streams(session, [gone.pk])
    renamed = rng.choice(funders)
    renamed.name = "Renamed Trust"
    session.flush()
    reindex_streams(session, [s.pk for s in streams if s.funder_pk == renamed.pk])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_brought_up_to_date_equals_a_full_reload(
    session: Session, many: Any, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    monkeypatch.setattr(catalogue, "_cached", [])
    before = catalogue.current_catalogue(session)
    before.search(session).statuses(DAY)  # what a day worked out is carried forward too
    _random_writes(session, random.Random(seed))

    def no_full_load(_session: Session) -> Any:
        raise AssertionError("a full load, where the log says what changed")

    with monkeypatch.context() as m:
        m.setattr(catalogue, "load_catalogue", no_full_load)
        updated = catalogue.current_catalogue(session)
    assert updated is not before
    full = catalogue.load_catalogue(session)
    assert updated.streams == full.streams
    assert (updated.names.boroughs, updated.names.terms) == (full.names.boroughs, full.names.terms)
    assert _state(updated.search(session)) == _state(load_search_snapshot(session))


def test_many_streams_gone_rebuild_the_snapshot_whole(
    session: Session, many: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "_cached", [])
    catalogue.current_catalogue(session).search(session)
    streams = list(session.scalars(select(FundingStream).where(FundingStream.deleted_at.is_(None))))
    for stream in streams[: len(streams) // 2]:
        stream.deleted_at = utcnow()
    session.flush()
    reindex_streams(session, [s.pk for s in streams])
    snapshot = catalogue.current_catalogue(session).search(session)
    assert -1 not in snapshot.pks
    assert _state(snapshot) == _state(load_search_snapshot(session))


def test_the_log_names_the_streams_each_later_version_changed(session: Session) -> None:
    held = catalogue_state(session)
    assert held is not None
    reindex_streams(session, [3, 1])
    reindex_streams(session, [2])
    now = catalogue_state(session)
    assert now is not None and now.version == held.version + 2
    assert changed_since(session, held, now) == {1, 2, 3}
    assert changed_since(session, now, now) == set()


@pytest.mark.parametrize("renew", [reindex_all, renew_catalogue_token])
def test_a_change_to_everything_is_not_brought_up_to_date(session: Session, renew: Any) -> None:
    held = catalogue_state(session)
    assert held is not None
    reindex_streams(session, [1])
    renew(session)
    now = catalogue_state(session)
    assert now is not None
    assert changed_since(session, held, now) is None


def test_a_version_that_rolled_back_is_not_a_base(session: Session) -> None:
    savepoint = session.begin_nested()
    reindex_streams(session, [1])
    phantom = catalogue_state(session)
    savepoint.rollback()
    reindex_streams(session, [2])
    now = catalogue_state(session)
    assert phantom is not None and now is not None
    # The same version number, published by another transaction: what the rolled-back one read
    # cannot be brought up to date from the log.
    assert phantom.version == now.version and phantom.token != now.token
    assert changed_since(session, phantom, now) is None
