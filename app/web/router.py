"""The pages' routes: read the request, call a page module, render its template."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from app.core.errors import InvalidInput, NotFound
from app.http.params import TodayDep
from app.http.sessions import ReadSessionDep
from app.organisations.read import organisation_read
from app.web.check import empty_form, form_values, grouped, run_check
from app.web.choices import STATUS_LABELS, load_choices
from app.web.find import find_funding
from app.web.forms import FormErrors
from app.web.priorities import priorities_context
from app.web.stream_page import calendar_file, stream_context
from app.web.templating import render

ORG_AWARDS = 50
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


async def read_form(request: Request) -> FormData:
    """The posted form (on the event loop; the page itself runs in the thread pool)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(read_form)]
# Answers about a proposal are kept by no cache.
NO_STORE = {"Cache-Control": "no-store"}


@router.get("/check")
def check_page(session: ReadSessionDep) -> HTMLResponse:
    context = {
        "values": empty_form(),
        "errors": {},
        "answer": None,
        "choices": load_choices(session),
    }
    return render("check.html", context)


@router.post("/check")
def check_submitted(form: FormDep, session: ReadSessionDep, today: TodayDep) -> HTMLResponse:
    values = form_values(form, form.getlist)
    errors = FormErrors()
    answer = run_check(session=session, values=values, today=today, errors=errors)
    context = {
        "values": values,
        "errors": errors,
        "answer": answer,
        "groups": grouped(answer) if answer else [],
        "choices": load_choices(session),
    }
    return render("check.html", context, status_code=422 if errors else 200, headers=NO_STORE)


@router.get("/priorities")
def priorities_page(request: Request, session: ReadSessionDep) -> HTMLResponse:
    context, refused = priorities_context(session=session, params=request.query_params)
    context["choices"] = load_choices(session)
    return render("priorities.html", context, status_code=422 if refused else 200)


@router.get("/organisations/{org_id}")
def organisation_page(org_id: str, session: ReadSessionDep) -> HTMLResponse:
    try:
        read = organisation_read(session=session, org_id=org_id, awards_shown=ORG_AWARDS)
    except (NotFound, InvalidInput) as exc:
        return not_found(exc.detail)
    return render("organisation.html", {"o": read, "choices": load_choices(session), "errors": {}})


@router.get("/about")
def about_page() -> HTMLResponse:
    return render("about.html", {"errors": {}})
