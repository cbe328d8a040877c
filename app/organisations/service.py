"""Organisations and their funding history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import extract, func, or_, select
from sqlalchemy.orm import Session

from app.awards.models import Award
from app.awards.representation import AWARD_READ_OPTIONS
from app.errors import NotFound
from app.funders.models import Funder
from app.organisations.matching import best_matches, significant_words
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


def awards_of(
    *, session: Session, organisation: Organisation, limit: int
) -> tuple[Sequence[Award], int]:
    """The organisation's `limit` most recent awards, and how many it has in all."""
    stmt = (
        select(Award)
        .where(Award.recipient_pk == organisation.pk, Award.deleted_at.is_(None))
        .order_by(Award.award_date.desc(), Award.pk.desc())
        .limit(limit)
        .options(*AWARD_READ_OPTIONS)
    )
    total = session.scalar(
        select(func.count())
        .select_from(Award)
        .where(Award.recipient_pk == organisation.pk, Award.deleted_at.is_(None))
    )
    return session.scalars(stmt).unique().all(), total or 0


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


def possible_duplicates(
    *, session: Session, organisation: Organisation
) -> list[tuple[Organisation, str, float]]:
    """Likely the same organisation under another id: linked ids first, then similar names
    (with the name score, for a person to judge)."""
    linked = session.scalars(
        select(Organisation).where(
            Organisation.pk != organisation.pk,
            or_(
                Organisation.linked_org_id == organisation.org_id,
                Organisation.org_id == (organisation.linked_org_id or ""),
            ),
        )
    ).all()
    found: list[tuple[Organisation, str, float]] = [(o, "linked_org_id", 1.0) for o in linked]
    seen = {o.pk for o in linked}
    for other, score in similar_organisations(
        session=session, name=organisation.name, exclude_pk=organisation.pk
    ):
        if other.pk not in seen:
            found.append((other, "name", score))
    return found


def similar_organisations(
    *, session: Session, name: str, exclude_pk: int | None = None, limit: int = 50
) -> list[tuple[Organisation, float]]:
    """Organisations whose name is like `name` (at or above SAME_NAME_THRESHOLD), best first.

    Candidates share one of the name's longest words (a bounded LIKE over `match_name`), then
    are scored with `name_similarity`.
    """
    words = significant_words(name)
    if not words:
        return []
    # The same normalised name (indexed), then names sharing one of the two longest words.
    columns = select(Organisation.pk, Organisation.match_name)
    if exclude_pk is not None:
        columns = columns.where(Organisation.pk != exclude_pk)
    same = columns.where(Organisation.match_name == match_name(name))
    sharing = or_(*(Organisation.match_name.contains(w, autoescape=True) for w in words[:2]))
    choices = {pk: value for pk, value in session.execute(same)}
    choices.update({pk: value for pk, value in session.execute(columns.where(sharing).limit(1000))})
    scores = dict(best_matches(name, choices, limit=limit))
    if not scores:
        return []
    found = session.scalars(select(Organisation).where(Organisation.pk.in_(scores))).all()
    return sorted(((o, scores[o.pk]) for o in found), key=lambda p: (-p[1], p[0].org_id))
