"""Turns a Funder into its public representation."""

from __future__ import annotations

from app.funders.models import Funder
from app.funders.schemas import FunderRead


def funder_read(funder: Funder) -> FunderRead:
    return FunderRead(
        id=funder.slug,
        name=funder.name,
        org_id=funder.org_id,
        kind=funder.kind,
        url=funder.url,
        source_url=funder.source_url,
    )
