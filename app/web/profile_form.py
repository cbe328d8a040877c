"""The applicant profile as the find-funding and alerts pages ask for it (GET fields, so a
result list can be shared), read into the API's `ApplicantProfile` and checked by the same code."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from app.core.errors import InvalidInput
from app.eligibility.facts import Profile
from app.eligibility.profile import to_profile
from app.eligibility.schemas import ApplicantProfile
from app.web.forms import FormErrors, Loc, number, schema_errors, service_errors, text

# Where each field of ApplicantProfile is asked: (form field, label in messages).
FIELDS: dict[Loc, tuple[str, str]] = {
    ("organisation", "applicant_type"): ("org_type", "Type of organisation"),
    ("organisation", "annual_income"): ("income", "Annual income"),
    ("organisation", "years_operating"): ("years", "Years running"),
    ("organisation", "has_safeguarding_policy"): ("safeguarding", "Safeguarding policy"),
    ("organisation", "boroughs"): ("based_in", "Where your organisation is based"),
    ("organisation",): ("org_type", "Your organisation"),
    ("project", "activities"): ("does", "What the project does"),
    ("project", "boroughs"): ("runs_in", "Where the project runs"),
    ("project", "beneficiary_groups"): ("serves", "Who the project is for"),
    ("project", "age_min"): ("age_from", "Youngest age"),
    ("project", "age_max"): ("age_to", "Oldest age"),
    ("project", "amount_requested"): ("amount", "Amount you want"),
    ("project", "duration_months"): ("months", "How long the project runs"),
    ("project",): ("age_from", "Ages"),
}
SINGLE = (
    "org_type",
    "income",
    "years",
    "safeguarding",
    "based_in",
    "age_from",
    "age_to",
    "amount",
    "months",
)
REPEATED = ("does", "runs_in", "serves")
NAMES = (*SINGLE, *REPEATED)


def form_values(params: QueryParams) -> dict[str, Any]:
    """The profile fields as sent, to show them again in the form."""
    values: dict[str, Any] = {name: params.get(name, "") for name in SINGLE}
    values.update({name: params.getlist(name) for name in REPEATED})
    return values


def given(values: dict[str, Any]) -> bool:
    """Whether any profile field was answered."""
    return any(values[name] for name in NAMES)


def read_profile(
    session: Session, values: dict[str, Any], errors: FormErrors
) -> tuple[ApplicantProfile, Profile] | None:
    """The profile the fields describe, checked as `POST /v1/eligibility` checks it; None (and
    messages in `errors`) when something is wrong."""
    income = number(values["income"], field="income", label="Annual income", errors=errors)
    years = number(values["years"], field="years", label="Years running", errors=errors)
    age_from = number(
        values["age_from"], field="age_from", label="Youngest age", errors=errors, whole=True
    )
    age_to = number(values["age_to"], field="age_to", label="Oldest age", errors=errors, whole=True)
    amount = number(values["amount"], field="amount", label="Amount you want", errors=errors)
    months = number(
        values["months"],
        field="months",
        label="How long the project runs",
        errors=errors,
        whole=True,
    )
    safeguarding = {"yes": True, "no": False}.get(values["safeguarding"])
    # The schema checks the rest even when a box did not read as a number: every problem is
    # shown at once.
    based_in = text(values["based_in"])
    raw = {
        "organisation": {
            "applicant_type": text(values["org_type"]),
            "annual_income": income,
            "years_operating": years,
            "has_safeguarding_policy": safeguarding,
            "boroughs": [based_in] if based_in else [],
        },
        "project": {
            "activities": values["does"],
            "boroughs": values["runs_in"],
            "beneficiary_groups": values["serves"],
            "age_min": _whole(age_from),
            "age_max": _whole(age_to),
            "amount_requested": amount,
            "duration_months": _whole(months),
        },
    }
    try:
        body = ApplicantProfile.model_validate(raw)
        profile = to_profile(session, body, loc=[])
        return None if errors else (body, profile)
    except ValidationError as exc:
        schema_errors(exc, FIELDS, errors)
    except InvalidInput as exc:
        service_errors(exc, FIELDS, errors)
    return None


def _whole(value: Decimal | None) -> int | None:
    return None if value is None else int(value)
