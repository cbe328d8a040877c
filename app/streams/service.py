"""Reading funding streams."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.streams.models import FundingStream


def get_stream(*, session: Session, slug: str) -> FundingStream:
    """Gets a live stream by id; a deleted one is not found."""
    stream = session.scalar(
        select(FundingStream).where(FundingStream.slug == slug, FundingStream.deleted_at.is_(None))
    )
    if stream is None:
        raise NotFound(f"There is no funding stream with id {slug!r}.")
    return stream
