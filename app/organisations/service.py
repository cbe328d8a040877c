"""Organisations and their funding history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from app.awards.models import Award
from app.errors import NotFound
from app.funders.models import Funder
from app.organisations.models import Organisation
from app.organisations.names import match_name


def get_organisation(*, session: Session, org_id: str) -> Organisation:
    organisation = session.scalar(select(Organisation).where(Organisation.org_id == org_id))
    if organisation is None:
        raise NotFound(f"There is no organisation with org-id {org_id!r}.")
    return organisation


def upsert_organisation(
    *, session: Session, org_id: str, name: str, type: str | None = None
) -> Organisation:
    """Gets the organisation with this (normalised) org-id, creating it if new."""
    organisation = session.scalar(select(Organisation).where(Organisation.org_id == org_id))
    if organisation is None:
        organisation = Organisation(
            org_id=org_id, name=name, match_name=match_name(name), type=type
        )
        session.add(organisation)
        session.flush()
    return organisation


def awards_of(*, session: Session, organisation: Organisation) -> Sequence[Award]:
    stmt = (
        select(Award)
        .where(Award.recipient_pk == organisation.pk, Award.deleted_at.is_(None))
        .order_by(Award.award_date.desc(), Award.pk.desc())
    )
    return session.scalars(stmt).unique().all()


def totals_by_funder(
    *, session: Session, organisation: Organisation
) -> list[tuple[Funder, str, int, int]]:
    """Counts and sums (pence) of the organisation's awards per funder and currency."""
    stmt: Any = (
        select(Funder, Award.currency, func.count(), func.sum(Award.amount_pence))
        .join(Award, Award.funder_pk == Funder.pk)
        .where(Award.recipient_pk == organisation.pk, Award.deleted_at.is_(None))
        .group_by(Funder.pk, Award.currency)
        .order_by(func.sum(Award.amount_pence).desc())
    )
    return [(f, c, int(n), int(s)) for f, c, n, s in session.execute(stmt).all()]


def totals_by_year(
    *, session: Session, organisation: Organisation
) -> list[tuple[int | None, str, int, int]]:
    """Counts and sums (pence) per award year and currency; undated awards under no year."""
    year = extract("year", Award.award_date)
    stmt: Any = (
        select(year, Award.currency, func.count(), func.sum(Award.amount_pence))
        .where(Award.recipient_pk == organisation.pk, Award.deleted_at.is_(None))
        .group_by(year, Award.currency)
        .order_by(year)
    )
    return [
        (int(y) if y is not None else None, c, int(n), int(s))
        for y, c, n, s in session.execute(stmt).all()
    ]


def possible_duplicates(*, session: Session, organisation: Organisation) -> Sequence[Organisation]:
    """Other organisations whose name, once normalised, is the same as this one's."""
    stmt = (
        select(Organisation)
        .where(
            Organisation.match_name == organisation.match_name,
            Organisation.pk != organisation.pk,
        )
        .order_by(Organisation.org_id)
        .limit(50)
    )
    return session.scalars(stmt).all()
