"""An organisation's funding history as `GET /v1/organisations/{org_id}` and its page show it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core.identifiers import checked_org_id
from app.core.money import pence_to_pounds
from app.funders.schemas import FunderRef
from app.organisations import service
from app.organisations.schemas import FunderTotal, OrganisationRead, PossibleDuplicate, YearTotal


def organisation_read(*, session: Session, org_id: str, awards_shown: int) -> OrganisationRead:
    """The organisation page of `org_id` (a 422 for a malformed id, a 404 for an unknown one)."""
    normalised = checked_org_id(org_id, loc=["path", "org_id"])
    organisation = service.get_organisation(session=session, org_id=normalised)
    awards = service.recent_awards(session=session, organisation=organisation, limit=awards_shown)
    totals = service.funding_totals(session=session, organisation=organisation)
    return OrganisationRead(
        org_id=organisation.org_id,
        name=organisation.name,
        type=organisation.type,
        borough=organisation.borough_gss,
        linked_org_id=organisation.linked_org_id,
        awards=awards,
        award_count=totals.award_count,
        totals_by_funder=[
            FunderTotal(
                funder=FunderRef(id=f.slug, name=f.name, org_id=f.org_id),
                currency=c,
                count=n,
                amount=pence_to_pounds(p) or 0,
            )
            for f, c, n, p in totals.by_funder
        ],
        totals_by_year=[
            YearTotal(year=y, currency=c, count=n, amount=pence_to_pounds(p) or 0)
            for y, c, n, p in totals.by_year
        ],
        possible_duplicates=[
            PossibleDuplicate(org_id=o.org_id, name=o.name, matched_by=by, score=score)
            for o, by, score in service.possible_duplicates(
                session=session, organisation=organisation
            )
        ],
    )
