from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response

from app.db import SessionDep
from app.funders import service
from app.funders.representation import funder_read
from app.funders.schemas import FunderDetail, FunderRead, FunderStreamRef, MoneyTotal
from app.schemas import CursorQuery, LimitQuery, Page, pence_to_pounds
from app.streams.status import stream_status
from app.writes import etag

router = APIRouter(prefix="/v1/funders", tags=["funders"])


@router.get("", response_model=Page[FunderRead])
def list_funders(
    session: SessionDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> Page[FunderRead]:
    rows, next_cursor, total = service.list_funders(session=session, limit=limit, cursor=cursor)
    return Page(items=[funder_read(f) for f in rows], next_cursor=next_cursor, total=total)


@router.get("/{funder_id}", response_model=FunderDetail)
def get_funder(funder_id: str, session: SessionDep, response: Response) -> FunderDetail:
    """One funder with its streams and award totals; its `ETag` is its version."""
    funder = service.get_funder(session=session, slug=funder_id)
    response.headers["ETag"] = etag(funder.version)
    today = dt.date.today()
    streams = [
        FunderStreamRef(
            id=s.slug,
            name=s.name,
            status=stream_status(s.opens_on, s.closes_on, s.programme_end, today=today),
            illustrative=s.illustrative,
        )
        for s in service.funder_streams(session=session, funder=funder)
    ]
    awards = [
        MoneyTotal(currency=c, count=n, amount=pence_to_pounds(p) or 0)
        for c, n, p in service.funder_award_totals(session=session, funder=funder)
    ]
    return FunderDetail(**funder_read(funder).model_dump(), streams=streams, awards=awards)
