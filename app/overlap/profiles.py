"""Streams as the overlap check compares them: what they fund, where and when."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.awards.terms import Terms
from app.overlap.pairs import Profile
from app.reference.known import known
from app.streams.models import FundingStream


def london(session: Session) -> frozenset[str]:
    return known(session).boroughs


def stream_profile(stream: FundingStream) -> Profile:
    return Profile(
        Terms(
            boroughs=frozenset(b.gss_code for b in stream.boroughs),
            activities=frozenset(stream.slugs("activity")),
            violence_types=frozenset(stream.slugs("violence_type")),
            beneficiary_groups=frozenset(stream.slugs("beneficiary_group")),
        ),
        stream.programme_start or stream.opens_on,
        stream.programme_end or stream.closes_on,
    )
