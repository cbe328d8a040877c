"""Finding awards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session

from app.awards.models import Award, AwardBorough, AwardTerm
from app.core.cursors import Cursor
from app.core.errors import InvalidInput, NotFound
from app.core.pagination import SortKey, keyset_page
from app.funders.models import Funder
from app.organisations.models import Organisation
from app.streams.models import FundingStream

# Newest first; awards the sources give no date for come last. `pk` breaks ties.
_UNDATED = dt.date(1, 1, 1)
_ORDER = (
    SortKey(func.coalesce(Award.award_date, _UNDATED), descending=True),
    SortKey(Award.pk, True),
)


@dataclass(frozen=True)
class AwardFilters:
    boroughs: Sequence[str] = ()
    terms: dict[str, Sequence[str]] = field(default_factory=dict)
    funders: Sequence[str] = ()
    streams: Sequence[str] = ()
    recipients: Sequence[str] = ()
    awarded_from: dt.date | None = None
    awarded_to: dt.date | None = None
    min_amount_pence: int | None = None
    max_amount_pence: int | None = None
    q: str | None = None


def _conditions(filters: AwardFilters) -> list[ColumnElement[bool]]:
    # Deleted awards are gone from every read.
    conditions: list[ColumnElement[bool]] = [Award.deleted_at.is_(None)]
    if filters.boroughs:
        conditions.append(
            exists().where(
                AwardBorough.award_pk == Award.pk, AwardBorough.gss_code.in_(filters.boroughs)
            )
        )
    for vocabulary, slugs in filters.terms.items():
        if slugs:
            conditions.append(
                exists().where(
                    AwardTerm.award_pk == Award.pk,
                    AwardTerm.vocabulary == vocabulary,
                    AwardTerm.slug.in_(slugs),
                )
            )
    if filters.funders:
        conditions.append(
            Award.funder_pk.in_(select(Funder.pk).where(Funder.slug.in_(filters.funders)))
        )
    if filters.streams:
        conditions.append(
            Award.stream_pk.in_(
                select(FundingStream.pk).where(FundingStream.slug.in_(filters.streams))
            )
        )
    if filters.recipients:
        conditions.append(
            Award.recipient_pk.in_(
                select(Organisation.pk).where(Organisation.org_id.in_(filters.recipients))
            )
        )
    if filters.awarded_from:
        conditions.append(Award.award_date >= filters.awarded_from)
    if filters.awarded_to:
        conditions.append(Award.award_date <= filters.awarded_to)
    if filters.min_amount_pence is not None:
        conditions.append(Award.amount_pence >= filters.min_amount_pence)
    if filters.max_amount_pence is not None:
        conditions.append(Award.amount_pence <= filters.max_amount_pence)
    if filters.q:
        # Case-insensitive substring match on the award's own words and its recipient's name.
        pattern = f"%{filters.q.lower()}%"
        conditions.append(
            or_(
                func.lower(Award.title).like(pattern),
                func.lower(Award.description).like(pattern),
                Award.recipient_pk.in_(
                    select(Organisation.pk).where(func.lower(Organisation.name).like(pattern))
                ),
            )
        )
    return conditions


def check_filters(filters: AwardFilters) -> None:
    """Rejects combinations that can match nothing because they contradict each other."""
    if filters.awarded_from and filters.awarded_to and filters.awarded_from > filters.awarded_to:
        raise InvalidInput.field(
            ["query", "awarded_from"],
            f"awarded_from ({filters.awarded_from}) is after awarded_to ({filters.awarded_to}).",
        )
    low, high = filters.min_amount_pence, filters.max_amount_pence
    if low is not None and high is not None and low > high:
        raise InvalidInput.field(["query", "min_amount"], "min_amount is above max_amount.")


def select_awards(filters: AwardFilters) -> Select[Any]:
    """All awards matching `filters`, unordered and unpaged (for exports)."""
    check_filters(filters)
    return select(Award).where(*_conditions(filters))


def list_awards(
    *, session: Session, filters: AwardFilters, limit: int, cursor: Cursor
) -> tuple[Sequence[Award], str | None, int]:
    """Gets one page of awards matching `filters`, newest first, with the next cursor and total."""
    check_filters(filters)
    conditions = _conditions(filters)
    rows: Sequence[Award]
    rows, next_cursor = keyset_page(
        session,
        select(Award).where(*conditions),
        _ORDER,
        key_of=lambda a: [a.award_date or _UNDATED, a.pk],
        limit=limit,
        cursor=cursor,
    )
    total = session.scalar(select(func.count()).select_from(Award).where(*conditions)) or 0
    return rows, next_cursor, total


def get_award(*, session: Session, identifier: str) -> Award:
    award = session.scalar(
        select(Award).where(Award.identifier == identifier, Award.deleted_at.is_(None))
    )
    if award is None:
        raise NotFound(f"There is no award with id {identifier!r}.")
    return award
