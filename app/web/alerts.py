"""The alerts pages: save the current search or profile, by email or webhook, with the
subscription service; and the pages the links in alert emails open."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, QueryParams

from app.core.errors import InvalidInput
from app.publishing.models import Subscription
from app.publishing.schemas import SearchFilters, SubscriptionCreate
from app.publishing.service import create_subscription
from app.web.choices import Choices
from app.web.forms import FormErrors, Loc, number, schema_errors, service_errors, text
from app.web.profile_form import FIELDS as PROFILE_FIELDS
from app.web.profile_form import NAMES as PROFILE_NAMES
from app.web.profile_form import form_values as profile_values
from app.web.profile_form import given, read_profile

# The search filters an alert can keep (those of SearchFilters), as the find-funding page names
# them; free words are not among them.
SEARCH_NAMES = ("borough", "activity", "violence_type", "beneficiary_group", "funder")
SEARCH_HEADINGS = {
    "borough": "Boroughs",
    "activity": "Activities",
    "violence_type": "Violence types",
    "beneficiary_group": "Groups",
    "funder": "Funders",
}
FIELDS: dict[Loc, tuple[str, str]] = {
    ("email",): ("email", "Email address"),
    ("webhook_url",): ("webhook_url", "Webhook URL"),
    ("digest",): ("digest", "How often"),
    ("body", "email"): ("email", "Email address"),
    ("body", "webhook_url"): ("webhook_url", "Webhook URL"),
    ("body", "digest"): ("digest", "How often"),
    **{("body", "profile", *loc): place for loc, place in PROFILE_FIELDS.items()},
    ("body", "search"): ("channel", "Search"),
    ("body",): ("channel", "Alerts"),
}
KEPT = (*SEARCH_NAMES, *PROFILE_NAMES, "age", "amount")


def kept_params(params: QueryParams | FormData) -> list[tuple[str, str]]:
    """The search and profile fields an alert keeps, as (name, value) pairs (for hidden fields)."""
    return [(name, str(value)) for name, value in params.multi_items() if name in KEPT and value]


def describe(params: QueryParams | FormData, choices: Choices) -> dict[str, Any]:
    """What the alert will be about, in words."""
    values = profile_values(QueryParams(kept_params(params)))
    search = [
        (SEARCH_HEADINGS[name], choices.labels(name, [str(v) for v in params.getlist(name)]))
        for name in SEARCH_NAMES
        if params.getlist(name)
    ]
    return {
        "profile": given(values),
        "search": search,
        "words": text(str(params.get("q") or "")),
    }


def subscribe(
    *, session: Session, form: FormData, errors: FormErrors
) -> tuple[Subscription, str] | None:
    """Saves the alert the form describes; None (and messages) when it is refused."""
    channel = form.get("channel")
    if channel not in ("email", "webhook"):
        errors.add("channel", "Choose how you want to get alerts: by email or by webhook")
    email = text(str(form.get("email") or "")) if channel == "email" else None
    webhook = text(str(form.get("webhook_url") or "")) if channel == "webhook" else None
    if channel == "email" and email is None:
        errors.add("email", "Enter your email address")
    if channel == "webhook" and webhook is None:
        errors.add("webhook_url", "Enter the URL of your webhook")
    digest = form.get("digest") or "weekly"
    values = profile_values(QueryParams(kept_params(form)))
    profile = read_profile(session, values, errors) if given(values) else None
    age = number(
        str(form.get("age") or ""), field="channel", label="Age", errors=errors, whole=True
    )
    amount = number(str(form.get("amount") or ""), field="channel", label="Amount", errors=errors)
    if errors:
        return None
    search: dict[str, Any] | None = None
    if profile is None:
        search = {name: [str(v) for v in form.getlist(name)] for name in SEARCH_NAMES}
        search.update(age=None if age is None else int(age), amount=amount)
    try:
        data = SubscriptionCreate(
            search=SearchFilters.model_validate(search) if search is not None else None,
            profile=profile[0] if profile else None,
            email=email,
            webhook_url=webhook,
            digest=digest,
        )
        return create_subscription(session=session, data=data)
    except ValidationError as exc:
        schema_errors(exc, FIELDS, errors)
    except InvalidInput as exc:
        service_errors(exc, FIELDS, errors)
    return None
