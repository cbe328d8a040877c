"""The check-before-awarding page: a proposed award read from a form into the API's `Proposal`,
checked by the overlap service. Nothing of it is stored or logged (it is POSTed, so it is not
in any URL either)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from app.core.errors import InvalidInput
from app.overlap.schemas import OverlapAnswer, Proposal
from app.overlap.service import check_overlap
from app.web.forms import (
    FormErrors,
    Loc,
    date,
    number,
    schema_errors,
    service_errors,
    text,
)

FIELDS: dict[Loc, tuple[str, str]] = {
    ("body", "recipient", "name"): ("recipient_name", "Recipient's name"),
    ("body", "recipient", "org_id"): ("recipient_org_id", "Recipient's org-id"),
    ("body", "recipient"): ("recipient_name", "Recipient"),
    ("body", "title"): ("title", "Title"),
    ("body", "description"): ("description", "Description"),
    ("body", "boroughs"): ("boroughs", "Boroughs"),
    ("body", "activities"): ("activities", "Activities"),
    ("body", "violence_types"): ("violence_types", "Violence types"),
    ("body", "beneficiary_groups"): ("groups", "Groups"),
    ("body", "planned_start"): ("planned_start", "Start date"),
    ("body", "planned_end"): ("planned_end", "End date"),
    ("body", "amount"): ("amount", "Amount"),
    ("body", "funder"): ("funder", "Funder"),
    ("body",): ("recipient_name", "Proposal"),
}
SINGLE = (
    "recipient_name",
    "recipient_org_id",
    "title",
    "description",
    "planned_start",
    "planned_end",
    "amount",
    "funder",
)
REPEATED = ("boroughs", "activities", "violence_types", "groups")
KIND_HEADINGS = {
    "same_recipient_same_purpose": "Same recipient, same purpose",
    "same_recipient": "Same recipient",
    "same_area_same_purpose": "Same area, same purpose",
    "similar_description": "Similar description",
}


def empty_form() -> dict[str, Any]:
    return {**dict.fromkeys(SINGLE, ""), **{name: [] for name in REPEATED}}


def form_values(form: Mapping[str, Any], getlist: Any) -> dict[str, Any]:
    values: dict[str, Any] = {name: str(form.get(name) or "") for name in SINGLE}
    values.update({name: [str(v) for v in getlist(name)] for name in REPEATED})
    return values


def run_check(
    *, session: Session, values: dict[str, Any], today: dt.date, errors: FormErrors
) -> OverlapAnswer | None:
    """The overlap service's answer on the proposal the form describes; None (and messages in
    `errors`) when the form is refused."""
    amount = number(values["amount"], field="amount", label="Amount", errors=errors)
    start = date(values["planned_start"], field="planned_start", label="Start date", errors=errors)
    end = date(values["planned_end"], field="planned_end", label="End date", errors=errors)
    name, org_id = text(values["recipient_name"]), text(values["recipient_org_id"])
    raw = {
        "recipient": {"name": name, "org_id": org_id} if name or org_id else None,
        "title": values["title"].strip(),
        "description": values["description"].strip(),
        "boroughs": values["boroughs"],
        "activities": values["activities"],
        "violence_types": values["violence_types"],
        "beneficiary_groups": values["groups"],
        "planned_start": start,
        "planned_end": end,
        "amount": amount,
        "funder": text(values["funder"]),
    }
    try:
        proposal = Proposal.model_validate(raw)
        answer = check_overlap(session=session, body=proposal, today=today)
    except ValidationError as exc:
        schema_errors(exc, {loc[1:]: place for loc, place in FIELDS.items()}, errors)
        return None
    except InvalidInput as exc:
        service_errors(exc, FIELDS, errors)
        return None
    return None if errors else answer


def grouped(answer: OverlapAnswer) -> list[tuple[str, list[Any]]]:
    """The matches by kind, in the service's order of kinds (strongest first)."""
    groups: dict[str, list[Any]] = {}
    for match in answer.matches:
        groups.setdefault(match.kind, []).append(match)
    return [(KIND_HEADINGS.get(kind, kind), matches) for kind, matches in groups.items()]
