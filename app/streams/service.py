"""Reading funding streams."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.streams.models import FundingStream


def get_stream(*, session: Session, slug: str) -> FundingStream:
    stream = session.scalar(select(FundingStream).where(FundingStream.slug == slug))
    if stream is None:
        raise NotFound(f"There is no funding stream with id {slug!r}.")
    return stream
