from __future__ import annotations

from fastapi import APIRouter

from app.http.responses import PlainJSONResponse
from app.http.sessions import SessionDep
from app.organisations.read import organisation_read
from app.organisations.schemas import OrganisationRead

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
    read = organisation_read(session=session, org_id=org_id, awards_shown=AWARDS_SHOWN)
    return PlainJSONResponse(read.model_dump(mode="json"))
