"""Organisations and their funding history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import extract, func, or_, select
from sqlalchemy.orm import Session

from app.awards import rows
from app.awards.models import Award
from app.awards.representation import row_read
from app.awards.schemas import AwardRead
from app.core.errors import NotFound
from app.funders.models import Funder
from app.organisations.matching import best_matches, significant_words
from app.organisations.models import Organisation
from app.organisations.names import match_name


def get_organisation(*, session: Session, org_id: str) -> Organisation:
    organisation = session.scalar(select(Organisation).where(Organisation.org_id == org_id))
    if organisation is None:
        raise NotFound(f"There is no organisation with org-id {org_id!r}.")
    return organisation


def recent_awards(*, session: Session, organisation: Organisation, limit: int) -> list[AwardRead]:
    """The organisation's `limit` most recent awards, newest first, as the API shows them.

    The pks from the live-history index, then the awards as plain rows (`app.overlap.rows`, the
    same representation as `award_read`): building 50 ORM awards with their funder, stream,
    recipient, terms and boroughs was the largest part of the organisation page."""
    pks = list(
        session.scalars(
            select(Award.pk)
            .where(Award.recipient_pk == organisation.pk, Award.deleted_at.is_(None))
            .order_by(Award.award_date.desc(), Award.pk.desc())
            .limit(limit)
        )
    )
    place = {pk: i for i, pk in enumerate(pks)}
    return [row_read(r) for r in sorted(rows.load(session, pks), key=lambda r: place[r.pk])]


@dataclass(frozen=True)
class FundingTotals:
    """Counts and sums (pence) of an organisation's awards, per funder and per year."""

    award_count: int
    # (funder, currency, count, pence), largest sum first.
    by_funder: list[tuple[Funder, str, int, int]]
    # (year, currency, count, pence) by year, undated awards (no year) last.
    by_year: list[tuple[int | None, str, int, int]]


def funding_totals(*, session: Session, organisation: Organisation) -> FundingTotals:
    """The organisation's totals from one pass over its awards: an organisation may have
    thousands, and the count and both totals used to read them three times."""
    year = extract("year", Award.award_date)
    stmt: Any = (
        select(Award.funder_pk, year, Award.currency, func.count(), func.sum(Award.amount_pence))
        .where(Award.recipient_pk == organisation.pk, Award.deleted_at.is_(None))
        .group_by(Award.funder_pk, year, Award.currency)
    )
    by_funder: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    by_year: dict[tuple[int | None, str], list[int]] = defaultdict(lambda: [0, 0])
    for funder_pk, y, currency, n, pence in session.execute(stmt):
        for totals in (by_funder[(funder_pk, currency)], by_year[(_year(y), currency)]):
            totals[0] += int(n)
            totals[1] += int(pence)
    funders = {
        f.pk: f
        for f in session.scalars(select(Funder).where(Funder.pk.in_({k[0] for k in by_funder})))
    }
    return FundingTotals(
        award_count=sum(n for n, _ in by_funder.values()),
        by_funder=sorted(
            ((funders[pk], c, n, p) for (pk, c), (n, p) in by_funder.items()),
            key=lambda t: (-t[3], t[0].slug, t[1]),
        ),
        by_year=sorted(
            ((y, c, n, p) for (y, c), (n, p) in by_year.items()),
            key=lambda t: (t[0] is None, t[0] or 0, t[1]),
        ),
    )


def _year(value: Any) -> int | None:
    # extract() gives an int on SQLite and a Decimal on PostgreSQL.
    return None if value is None else int(value)


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
