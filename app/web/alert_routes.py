"""Routes of the alerts pages: sign up (POST with a CSRF token), and the confirmation and
unsubscribe links of alert emails, which open pages whose button writes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.core.errors import NotFound
from app.http.sessions import ReadSessionDep, SessionDep
from app.publishing.service import confirm_subscription, unsubscribe
from app.web.alerts import describe, kept_params, subscribe
from app.web.choices import load_choices
from app.web.csrf import csrf_ok, csrf_token, remember
from app.web.forms import FormErrors
from app.web.router import FormDep, not_found
from app.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _with_token(
    request: Request, template: str, context: dict[str, Any], **kw: Any
) -> HTMLResponse:
    token = csrf_token(request)
    response = render(template, {**context, "csrf_token": token}, **kw)
    remember(request, response, token)
    return response


def _expired(back: str) -> HTMLResponse:
    return render(
        "forbidden.html",
        {
            "heading": "Your form has expired",
            "detail": "For your security we could not accept this form. Nothing was saved.",
            "back": back,
            "errors": {},
        },
        status_code=403,
    )


@router.get("/alerts")
def alerts_page(request: Request, session: ReadSessionDep) -> HTMLResponse:
    params = request.query_params
    context = {
        "about": describe(params, load_choices(session)),
        "kept": kept_params(params),
        "values": {"channel": "", "email": "", "webhook_url": "", "digest": "weekly"},
        "errors": {},
    }
    return _with_token(request, "alerts.html", context)


@router.post("/alerts")
def alerts_submitted(request: Request, form: FormDep, session: SessionDep) -> HTMLResponse:
    if not csrf_ok(request, form):
        return _expired("/alerts")
    errors = FormErrors()
    created = subscribe(session=session, form=form, errors=errors)
    if created is None:
        context = {
            "about": describe(form, load_choices(session)),
            "kept": kept_params(form),
            "values": {
                name: str(form.get(name) or "")
                for name in ("channel", "email", "webhook_url", "digest")
            },
            "errors": errors,
        }
        return _with_token(request, "alerts.html", context, status_code=422)
    subscription, token = created
    if subscription.email is not None:
        heading = "Check your email"
        paragraphs = [
            f"We have sent a link to {subscription.email}. Alerts start when you open it; "
            "until then nothing else is sent.",
            "Every alert email has a link to stop the alerts at once.",
        ]
        secrets = []
    else:
        heading = "Alerts set up"
        paragraphs = [
            f"We will POST signed events to {subscription.webhook_url}. Check signatures with "
            "the signing secret; stop the alerts with "
            f"DELETE /v1/subscriptions/{subscription.public_id} and the management token.",
        ]
        secrets = [
            ("Subscription", subscription.public_id),
            ("Management token", token),
            ("Signing secret", subscription.webhook_secret or ""),
        ]
    return render(
        "alerts_done.html",
        {"heading": heading, "paragraphs": paragraphs, "secrets": secrets, "errors": {}},
        status_code=201,
        headers={"Cache-Control": "no-store"},
    )


_LINKS = {
    "confirm": (
        "Confirm your alerts",
        "Confirm that you want alert emails from Signpost at this address.",
        "Confirm alerts",
        False,
    ),
    "unsubscribe": (
        "Stop alerts",
        "Stop every alert email from this subscription. You can sign up again at any time.",
        "Stop alerts",
        True,
    ),
}


def _link_page(request: Request, subscription_id: str, action: str) -> HTMLResponse:
    heading, explanation, button, warning = _LINKS[action]
    context = {
        "heading": heading,
        "explanation": explanation,
        "button": button,
        "warning": warning,
        "token": request.query_params.get("token", ""),
        "action": f"/alerts/{subscription_id}/{action}",
        "errors": {},
    }
    return _with_token(request, "alerts_link.html", context)


@router.get("/alerts/{subscription_id}/confirm")
def confirm_page(request: Request, subscription_id: str) -> HTMLResponse:
    return _link_page(request, subscription_id, "confirm")


@router.get("/alerts/{subscription_id}/unsubscribe")
def unsubscribe_page(request: Request, subscription_id: str) -> HTMLResponse:
    return _link_page(request, subscription_id, "unsubscribe")


@router.post("/alerts/{subscription_id}/{action}")
def link_submitted(
    request: Request, subscription_id: str, action: str, form: FormDep, session: SessionDep
) -> HTMLResponse:
    if action not in _LINKS:
        return not_found("There is no such page.")
    if not csrf_ok(request, form):
        return _expired(f"/alerts/{subscription_id}/{action}")
    token = str(form.get("token") or "")
    try:
        if action == "confirm":
            confirm_subscription(session=session, public_id=subscription_id, token=token)
            heading, paragraph = "Alerts confirmed", "Alert emails will now arrive as you chose."
        else:
            unsubscribe(session=session, public_id=subscription_id, token=token)
            heading, paragraph = (
                "Alerts stopped",
                "You will get no more alert emails from this subscription.",
            )
    except NotFound:
        return not_found(
            "This link has expired or was already used. If you still get emails, use the link "
            "in the latest one."
        )
    return render(
        "alerts_done.html",
        {"heading": heading, "paragraphs": [paragraph], "secrets": [], "errors": {}},
    )
