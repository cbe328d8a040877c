from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query

from app.core.errors import every_problem
from app.core.known_ids import check_known_ids
from app.funders.models import Funder
from app.http.params import LimitQuery, TodayDep
from app.http.responses import PlainJSONResponse
from app.http.sessions import ReadSessionDep
from app.overlap import service, streams
from app.overlap.schemas import OverlapAnswer, Proposal, StreamPair
from app.reference.service import check_boroughs

router = APIRouter(prefix="/v1/overlap", tags=["overlap"])


@router.post("/check", response_model=OverlapAnswer)
def check_overlap(body: Proposal, session: ReadSessionDep, today: TodayDep) -> PlainJSONResponse:
    """Before awarding: existing awards and streams that fund the same thing (same recipient,
    same area and purpose, similar description), ranked, with the overall risk and its rule.
    The proposal is neither stored nor logged."""
    answer = service.check_overlap(session=session, body=body, today=today)
    # Built and checked as an OverlapAnswer already; encoded by orjson, not validated again
    # (response_model still documents it).
    return PlainJSONResponse(answer.model_dump(mode="json"), headers={"Cache-Control": "no-store"})


@router.get("/streams", response_model=list[StreamPair])
def overlapping_streams(
    session: ReadSessionDep,
    funder: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies defaults
    borough: Annotated[list[str], Query()] = [],  # noqa: B006
    limit: LimitQuery = 50,
) -> list[StreamPair]:
    """Pairs of funding streams that fund the same things in the same places in overlapping
    periods, best first, with what they share."""
    with every_problem() as problems:
        funders = problems.check(
            partial(check_known_ids, session, Funder.slug, funder, loc=["query", "funder"]), funder
        )
        boroughs = problems.check(
            partial(check_boroughs, session=session, codes=borough, loc=["query", "borough"]),
            borough,
        )
    return streams.overlapping_pairs(
        session=session, funders=funders, boroughs=boroughs, limit=limit
    )
