"""Shapes shared by the overlap answers: streams as profiles and briefs, shared terms."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.awards.terms import Terms
from app.overlap.pairs import Profile
from app.overlap.schemas import Shared, StreamBrief
from app.reference.known import known
from app.streams.models import FundingStream


def shared_read(terms: Terms, days: int | None) -> Shared:
    return Shared(
        activities=sorted(terms.activities),
        violence_types=sorted(terms.violence_types),
        boroughs=sorted(terms.boroughs),
        beneficiary_groups=sorted(terms.beneficiary_groups),
        period_overlap_days=days,
    )


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


def stream_brief(stream: FundingStream) -> StreamBrief:
    return StreamBrief(
        id=stream.slug,
        name=stream.name,
        funder=stream.funder.slug,
        illustrative=stream.illustrative,
    )
