"""A fund's similar funds are exactly its pairs among all the stream-overlap pairs."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.overlap.streams import overlapping_pairs, similar_streams
from app.streams.service import get_stream


def test_similar_streams_are_the_streams_pairs_seen_from_it(session: Session) -> None:
    every = overlapping_pairs(session=session, funders=[], boroughs=[], limit=100_000)
    assert every
    slug = every[0].first.id
    expected = {
        (p.second.id if p.first.id == slug else p.first.id): p.score
        for p in every
        if slug in (p.first.id, p.second.id)
    }
    found = similar_streams(
        session=session, stream=get_stream(session=session, slug=slug), limit=1000
    )
    assert {p.second.id: p.score for p in found} == expected
    assert all(p.first.id == slug for p in found)
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)
