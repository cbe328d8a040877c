from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.core.money import pence_to_pounds
from app.eligibility import service
from app.eligibility.profile import to_profile
from app.eligibility.schemas import ApplicantProfile, EligibilityAnswer
from app.http.params import TodayDep
from app.http.responses import PlainJSONResponse
from app.http.sessions import ReadSessionDep

router = APIRouter(prefix="/v1/eligibility", tags=["signposting"])


@router.post("", response_model=EligibilityAnswer)
def check_eligibility(
    body: ApplicantProfile,
    session: ReadSessionDep,
    today: TodayDep,
    include_ineligible: bool = False,
    include_closed: Annotated[
        bool, Query(description="Also check closed rounds (default: only those still to come).")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> PlainJSONResponse:
    """Every stream's verdict for an applicant, each rule explained; eligible first, by fit."""
    checked, counts = service.check_eligibility(
        session=session,
        profile=to_profile(session, body, loc=["body"]),
        today=today,
        include_closed=include_closed,
        include_ineligible=include_ineligible,
        limit=limit,
    )
    # Plain dicts, not models: EligibilityAnswer documents the answer (response_model) and a
    # test checks that the two agree; validating 50 results with their reasons again costs more
    # than deciding them.
    results = [
        {
            "stream": {
                "id": c.card.slug,
                "name": c.card.name,
                "funder": {"id": c.card.funder_id, "name": c.card.funder_name},
                "url": c.card.url,
                "status": c.status,
                "closes_on": c.card.rules.closes_on.isoformat() if c.card.rules.closes_on else None,
                "max_award": pence_to_pounds(c.card.max_award_pence),
                "illustrative": c.card.illustrative,
            },
            # Said on the result too: a demonstration round is never mistaken for a real one.
            "illustrative": c.card.illustrative,
            "verdict": c.verdict,
            "fit": c.fit,
            "reasons": [
                {"rule": r.rule, "outcome": r.outcome, "message": r.message} for r in c.reasons
            ],
        }
        for c in checked
    ]
    return PlainJSONResponse({"results": results, "counts": counts})
