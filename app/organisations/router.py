from __future__ import annotations

from fastapi import APIRouter

from app.core.errors import InvalidInput
from app.core.identifiers import InvalidOrgId, normalise_org_id
from app.core.money import pence_to_pounds
from app.funders.schemas import FunderRef
from app.http.responses import PlainJSONResponse
from app.http.sessions import SessionDep
from app.organisations import service
from app.organisations.schemas import FunderTotal, OrganisationRead, PossibleDuplicate, YearTotal

router = APIRouter(prefix="/v1/organisations", tags=["organisations"])

# An organisation may have thousands of awards: the page shows the most recent ones and says how
# many there are; `GET /v1/awards?recipient=` pages through them all.
AWARDS_SHOWN = 50


@router.get("/{org_id}", response_model=OrganisationRead)
def organisation_page(org_id: str, session: SessionDep) -> PlainJSONResponse:
    """An organisation's funding history: its most recent awards (50; `award_count` says how many
    in all), totals by funder and year over all of them, and likely duplicates under other ids
    (linked ids, and similar names with their score)."""
    # Built and checked as an OrganisationRead already; encoded by orjson, not validated again
    # (response_model still documents it).
    return PlainJSONResponse(get_organisation(org_id, session).model_dump(mode="json"))


def get_organisation(org_id: str, session: SessionDep) -> OrganisationRead:
    """The organisation page of `org_id` (a 422 for a malformed id, a 404 for an unknown one)."""
    try:
        normalised = normalise_org_id(org_id)
    except InvalidOrgId as exc:
        raise InvalidInput.field(["path", "org_id"], str(exc)) from exc
    organisation = service.get_organisation(session=session, org_id=normalised)
    awards = service.recent_awards(session=session, organisation=organisation, limit=AWARDS_SHOWN)
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
