from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from app.db import ReadSessionDep
from app.funders.models import Funder
from app.overlap import service, streams
from app.overlap.schemas import OverlapAnswer, Proposal, StreamPair
from app.reference.service import check_boroughs
from app.responses import PlainJSONResponse
from app.schemas import LimitQuery
from app.validation import check_known_ids

router = APIRouter(prefix="/v1/overlap", tags=["overlap"])


@router.post("/check", response_model=OverlapAnswer)
def check_overlap(body: Proposal, session: ReadSessionDep) -> PlainJSONResponse:
    """Before awarding: existing awards and streams that fund the same thing (same recipient,
    same area and purpose, similar description), ranked, with the overall risk and its rule.
    The proposal is neither stored nor logged."""
    answer = service.check_overlap(session=session, body=body, today=dt.date.today())
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
    return streams.overlapping_pairs(
        session=session,
        funders=check_known_ids(session, Funder.slug, funder, loc=["query", "funder"]),
        boroughs=check_boroughs(session=session, codes=borough, loc=["query", "borough"]),
        limit=limit,
    )
