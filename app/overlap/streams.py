"""Pairs of funding streams that fund the same things in the same places at the same time."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.overlap.pairs import shared_period, similarity
from app.overlap.profiles import london as london_boroughs
from app.overlap.profiles import stream_profile
from app.overlap.representation import shared_read, stream_brief
from app.overlap.schemas import StreamPair
from app.streams.models import FundingStream


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
        a, b = profiles[first.pk], profiles[second.pk]
        score, shared = similarity(a, b, london)
        if score <= 0 or (boroughs and not (shared.boroughs & set(boroughs))):
            continue
        period = shared_period(a, b)
        days = (period[1] - period[0]).days + 1 if isinstance(period, tuple) else None
        pairs.append(
            StreamPair(
                first=stream_brief(first),
                second=stream_brief(second),
                score=score,
                shared=shared_read(shared, days),
                shared_period=period if isinstance(period, tuple) else None,
            )
        )
    pairs.sort(key=lambda p: (-p.score, p.first.id, p.second.id))
    return pairs[:limit]
