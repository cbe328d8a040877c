"""Streams beyond the seed's, for tests that compare ways of searching on many of them."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.streams.generated import Universe, add_many_streams


@pytest.fixture
def many(session: Session) -> Universe:
    """About 80 extra streams with random terms, boroughs, dates and amounts (some deleted,
    some sharing a name or a deadline, so that ties need the pk to break them)."""
    return add_many_streams(session)
