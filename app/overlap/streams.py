"""Pairs of funding streams that fund the same things in the same places at the same time."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.overlap.pairs import Profile, shared_period, similarity
from app.overlap.profiles import london as london_boroughs
from app.overlap.profiles import stream_profile
from app.overlap.representation import shared_read, stream_brief
from app.overlap.schemas import StreamPair
from app.streams.models import FundingStream


def _pair(
    first: FundingStream,
    second: FundingStream,
    profiles: dict[int, Profile],
    london: frozenset[str],
) -> StreamPair | None:
    """The two streams as a scored pair, or None when they share nothing."""
    a, b = profiles[first.pk], profiles[second.pk]
    score, shared = similarity(a, b, london)
    if score <= 0:
        return None
    period = shared_period(a, b)
    days = (period[1] - period[0]).days + 1 if isinstance(period, tuple) else None
    return StreamPair(
        first=stream_brief(first),
        second=stream_brief(second),
        score=score,
        shared=shared_read(shared, days),
        shared_period=period if isinstance(period, tuple) else None,
    )


def overlapping_pairs(
    *, session: Session, funders: Sequence[str], boroughs: Sequence[str], limit: int
) -> list[StreamPair]:
    """Scored pairs; with `funders`, pairs involving one of them; with `boroughs`, pairs that
    share one of them."""
    london = london_boroughs(session)
    streams = list(session.scalars(select(FundingStream).order_by(FundingStream.slug)).unique())
    profiles = {s.pk: stream_profile(s) for s in streams}
    wanted_funders = set(funders)
    pairs: list[StreamPair] = []
    for first, second in combinations(streams, 2):
        if wanted_funders and not ({first.funder.slug, second.funder.slug} & wanted_funders):
            continue
        pair = _pair(first, second, profiles, london)
        if pair is None or (boroughs and not set(pair.shared.boroughs) & set(boroughs)):
            continue
        pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, p.first.id, p.second.id))
    return pairs[:limit]


def similar_streams(*, session: Session, stream: FundingStream, limit: int) -> list[StreamPair]:
    """The pairs one stream makes with every other (it is `first` in each), best first."""
    london = london_boroughs(session)
    others = session.scalars(
        select(FundingStream)
        .where(FundingStream.pk != stream.pk, FundingStream.deleted_at.is_(None))
        .order_by(FundingStream.slug)
    ).unique()
    profiles = {stream.pk: stream_profile(stream)}
    pairs: list[StreamPair] = []
    for other in others:
        profiles[other.pk] = stream_profile(other)
        pair = _pair(stream, other, profiles, london)
        if pair is not None:
            pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, p.second.id))
    return pairs[:limit]
