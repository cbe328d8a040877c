"""Funders and what they run and have awarded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.awards.models import Award
from app.core.cursors import Cursor
from app.core.errors import NotFound
from app.core.pagination import SortKey, keyset_page
from app.funders.models import Funder
from app.streams.models import FundingStream

_ORDER = (SortKey(Funder.slug),)


def list_funders(
    *, session: Session, limit: int, cursor: Cursor
) -> tuple[Sequence[Funder], str | None, int]:
    """Gets one page of funders in id order, the next cursor and the total."""
    rows: Sequence[Funder]
    rows, next_cursor = keyset_page(
        session, select(Funder), _ORDER, key_of=lambda f: [f.slug], limit=limit, cursor=cursor
    )
    total = session.scalar(select(func.count()).select_from(Funder)) or 0
    return rows, next_cursor, total


def get_funder(*, session: Session, slug: str) -> Funder:
    funder = session.scalar(select(Funder).where(Funder.slug == slug))
    if funder is None:
        raise NotFound(f"There is no funder with id {slug!r}.")
    return funder


def funder_streams(*, session: Session, funder: Funder) -> Sequence[FundingStream]:
    stmt = (
        select(FundingStream)
        .where(FundingStream.funder_pk == funder.pk, FundingStream.deleted_at.is_(None))
        .order_by(FundingStream.name)
    )
    return session.scalars(stmt).all()


def funder_award_totals(*, session: Session, funder: Funder) -> list[tuple[str, int, int]]:
    """Counts and sums (pence) of the funder's awards, one row per currency."""
    stmt: Any = (
        select(Award.currency, func.count(), func.coalesce(func.sum(Award.amount_pence), 0))
        .where(Award.funder_pk == funder.pk, Award.deleted_at.is_(None))
        .group_by(Award.currency)
        .order_by(Award.currency)
    )
    return [(c, int(n), int(s)) for c, n, s in session.execute(stmt).all()]
