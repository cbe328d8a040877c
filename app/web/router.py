"""The pages' routes: read the request, call a page module, render its template."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from app.db import ReadSessionDep
from app.errors import NotFound
from app.timeutil import TodayDep
from app.web.choices import STATUS_LABELS, load_choices
from app.web.find import find_funding
from app.web.stream_page import calendar_file, stream_context
from app.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def not_found(detail: str) -> HTMLResponse:
    return render("not_found.html", {"detail": detail, "errors": {}}, status_code=404)


@router.get("/")
def find_page(request: Request, session: ReadSessionDep, today: TodayDep) -> HTMLResponse:
    context, refused = find_funding(
        session=session, params=request.query_params, today=today, choices=load_choices(session)
    )
    return render("find.html", context, status_code=422 if refused else 200)


@router.get("/streams/{stream_id}")
def stream_page(stream_id: str, session: ReadSessionDep, today: TodayDep) -> HTMLResponse:
    try:
        context = stream_context(session=session, stream_id=stream_id, today=today)
    except NotFound as exc:
        return not_found(exc.detail)
    choices = load_choices(session)
    return render(
        "stream.html",
        {**context, "choices": choices, "status_labels": STATUS_LABELS, "errors": {}},
    )


@router.get("/streams/{stream_id}/deadline.ics", response_class=Response)
def stream_calendar(
    stream_id: str, request: Request, session: ReadSessionDep, today: TodayDep
) -> Response:
    try:
        body = calendar_file(
            session=session,
            stream_id=stream_id,
            today=today,
            base=str(request.base_url).rstrip("/"),
        )
    except NotFound as exc:
        return not_found(exc.detail)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{stream_id}.ics"'},
    )
