from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from app.core.cursors import FIRST_PAGE
from app.core.dates import InputDate
from app.core.money import pounds_to_pence
from app.http.cursors import CursorDep
from app.http.params import LimitQuery, TodayDep
from app.http.responses import PlainJSONResponse
from app.http.sessions import SessionDep
from app.http.writes import with_etag
from app.streams import service
from app.streams.catalogue import current_catalogue
from app.streams.feeds import atom_feed, deadlines_calendar
from app.streams.filters import TERM_FILTERS, StreamFilters
from app.streams.representation import stream_read
from app.streams.schemas import StreamPage, StreamRead
from app.streams.search import Sort

router = APIRouter(prefix="/v1/streams", tags=["streams"])

Repeated = Annotated[list[str], Query()]
StatusFilter = Literal["forthcoming", "open", "closing_soon", "closed", "rolling", "any"]


async def search_query(
    q: Annotated[str | None, Query(max_length=200, description="Full text.")] = None,
    borough: Repeated = [],  # noqa: B006 - FastAPI copies defaults per request
    activity: Repeated = [],  # noqa: B006
    violence_type: Repeated = [],  # noqa: B006
    risk_factor: Repeated = [],  # noqa: B006
    strand: Repeated = [],  # noqa: B006
    applicant_type: Repeated = [],  # noqa: B006
    beneficiary_group: Repeated = [],  # noqa: B006
    funder: Repeated = [],  # noqa: B006
    status: Annotated[
        list[StatusFilter],
        Query(description="Default: every status but closed. `any` shows all."),
    ] = [],  # noqa: B006
    age: Annotated[int | None, Query(ge=0, le=120)] = None,
    amount: Annotated[Decimal | None, Query(ge=0, max_digits=14, decimal_places=2)] = None,
    closes_after: InputDate | None = None,
    closes_before: InputDate | None = None,
) -> StreamFilters:
    """The search filters as given; `checked_filters` checks the ids they name. (No I/O here:
    an async dependency runs on the event loop, without a trip through the thread pool.)"""
    given = (activity, violence_type, risk_factor, strand, applicant_type, beneficiary_group)
    return StreamFilters(
        q=q,
        boroughs=borough,
        terms=dict(zip(TERM_FILTERS, given, strict=True)),
        funders=funder,
        statuses=list(dict.fromkeys(status)),
        age=age,
        amount_pence=pounds_to_pence(amount),
        closes_after=closes_after,
        closes_before=closes_before,
    )


QueryDep = Annotated[StreamFilters, Depends(search_query)]


def search_filters(session: SessionDep, given: QueryDep) -> StreamFilters:
    """The search filters, checked: shared by the Atom feed and the calendar."""
    return service.checked_filters(session, given)


FiltersDep = Annotated[StreamFilters, Depends(search_filters)]
# Feeds and calendars answer with the most recent (or soonest) streams, not pages.
FEED_SIZE = 100


@router.get("", response_model=StreamPage)
def search_streams(
    session: SessionDep,
    today: TodayDep,
    given: QueryDep,
    cursor: CursorDep,
    sort: Sort | None = None,
    facets: bool = False,
    limit: LimitQuery = 20,
) -> Response:
    """Searches funding streams; closed rounds are hidden unless `status` asks for them."""
    # Checked here rather than by dependencies: the hot path goes through the thread pool once.
    catalogue = current_catalogue(session)
    filters = service.checked_filters(session, given)
    return PlainJSONResponse(
        service.search_answer(
            session=session,
            filters=filters,
            sort=sort,
            limit=limit,
            cursor=cursor,
            today=today,
            facets=facets,
            catalogue=catalogue,
        )
    )


def _streams(
    session: SessionDep, filters: StreamFilters, sort: Sort, today: dt.date
) -> list[StreamRead]:
    rows, _, _ = service.search_streams(
        session=session, filters=filters, sort=sort, limit=FEED_SIZE, cursor=FIRST_PAGE, today=today
    )
    return [stream_read(s, today=today) for s in rows]


@router.get(
    "/feed.atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def streams_feed(
    request: Request, session: SessionDep, today: TodayDep, filters: FiltersDep
) -> Response:
    """An Atom feed of the streams matching the search filters, newest published first (the
    latest 100): subscribe to "mentoring in Lewisham" in any feed reader."""
    base = str(request.base_url).rstrip("/")
    body = atom_feed(
        _streams(session, filters, "-published_at", today),
        feed_url=str(request.url),
        api_base=base,
        title="Signpost: London violence-prevention funding",
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get(
    "/deadlines.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def streams_deadlines(
    request: Request, session: SessionDep, today: TodayDep, filters: FiltersDep
) -> Response:
    """Closing dates of the streams matching the search filters as all-day iCalendar events
    (the soonest 100 with a closing date)."""
    body = deadlines_calendar(
        _streams(session, filters, "closes_on", today),
        api_base=str(request.base_url).rstrip("/"),
        name="Signpost: funding deadlines",
    )
    return Response(body, media_type="text/calendar; charset=utf-8")


@router.get("/{stream_id}", response_model=StreamRead)
def get_stream(
    stream_id: str, session: SessionDep, today: TodayDep, response: Response
) -> StreamRead:
    """One stream; its `ETag` names its version, for `If-Match` on PATCH and DELETE."""
    stream = service.get_stream(session=session, slug=stream_id)
    return with_etag(response, stream.version, stream_read(stream, today=today))
