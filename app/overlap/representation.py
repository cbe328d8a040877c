"""The overlap answers' read models that several parts share: streams as briefs, shared terms."""

from __future__ import annotations

from app.awards.terms import Terms
from app.overlap.schemas import Shared, StreamBrief
from app.streams.models import FundingStream


def shared_read(terms: Terms, days: int | None) -> Shared:
    return Shared(
        activities=sorted(terms.activities),
        violence_types=sorted(terms.violence_types),
        boroughs=sorted(terms.boroughs),
        beneficiary_groups=sorted(terms.beneficiary_groups),
        period_overlap_days=days,
    )


def stream_brief(stream: FundingStream) -> StreamBrief:
    return StreamBrief(
        id=stream.slug,
        name=stream.name,
        funder=stream.funder.slug,
        illustrative=stream.illustrative,
    )
