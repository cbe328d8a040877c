"""Publishing tests send webhooks to receivers on 127.0.0.1, so private addresses are allowed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.settings import get_settings
from app.funders.models import Funder
from app.streams.models import FundingStream


@pytest.fixture(autouse=True)
def allow_private_webhooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SIGNPOST_WEBHOOKS_ALLOW_PRIVATE", "true")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def add_stream(
    session: Session,
    slug: str,
    *,
    closes_in_days: int | None = 30,
    activities: tuple[str, ...] = ("mentoring",),
    boroughs: tuple[str, ...] = (),
    max_award_pence: int | None = 1_000_000,
    funder: str = "greater-london-authority",
) -> FundingStream:
    """Adds a stream as a write path would (flushed, not committed)."""
    owner = session.scalars(select(Funder).where(Funder.slug == funder)).one()
    today = dt.datetime.now(dt.UTC).date()
    stream = FundingStream(
        slug=slug,
        funder=owner,
        name=f"Test round {slug}",
        summary="",
        description="",
        url=f"https://example.org/{slug}",
        closes_on=None if closes_in_days is None else today + dt.timedelta(days=closes_in_days),
        max_award_pence=max_award_pence,
        currency="GBP",
        illustrative=True,
    )
    stream.set_slugs("activity", list(activities))
    stream.set_boroughs(list(boroughs))
    session.add(stream)
    session.flush()
    return stream
