from __future__ import annotations

from fastapi import APIRouter, Response

from app.core.money import pence_to_pounds
from app.core.schemas import Page
from app.funders import service
from app.funders.representation import funder_read
from app.funders.schemas import FunderDetail, FunderRead, FunderStreamRef, MoneyTotal
from app.http.cursors import CursorDep
from app.http.params import LimitQuery, TodayDep
from app.http.sessions import SessionDep
from app.http.writes import etag
from app.streams.status import stream_status

router = APIRouter(prefix="/v1/funders", tags=["funders"])


@router.get("", response_model=Page[FunderRead])
def list_funders(
    session: SessionDep, cursor: CursorDep, limit: LimitQuery = 50
) -> Page[FunderRead]:
    rows, next_cursor, total = service.list_funders(session=session, limit=limit, cursor=cursor)
    return Page(items=[funder_read(f) for f in rows], next_cursor=next_cursor, total=total)


@router.get("/{funder_id}", response_model=FunderDetail)
def get_funder(
    funder_id: str, session: SessionDep, response: Response, today: TodayDep
) -> FunderDetail:
    """One funder with its streams and award totals; its `ETag` is its version."""
    funder = service.get_funder(session=session, slug=funder_id)
    response.headers["ETag"] = etag(funder.version)
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
