"""An applicant profile as the API takes it, checked and flattened for the rule engine."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core.money import pounds_to_pence
from app.eligibility.facts import Profile
from app.eligibility.schemas import ApplicantProfile
from app.reference.service import check_boroughs, check_terms


def profile_of(body: ApplicantProfile) -> Profile:
    """Flattens a profile whose codes and slugs are already known to be valid."""
    org, project = body.organisation, body.project
    return Profile(
        applicant_type=org.applicant_type,
        annual_income_pence=pounds_to_pence(org.annual_income),
        years_operating=org.years_operating,
        organisation_boroughs=frozenset(org.boroughs),
        registered_number=(org.registered_number or "").strip() or None,
        has_safeguarding_policy=org.has_safeguarding_policy,
        activities=frozenset(project.activities),
        project_boroughs=frozenset(project.boroughs),
        beneficiary_groups=frozenset(project.beneficiary_groups),
        age_min=project.age_min,
        age_max=project.age_max,
        violence_types=frozenset(project.violence_types),
        amount_requested_pence=pounds_to_pence(project.amount_requested),
        duration_months=project.duration_months,
    )


def to_profile(session: Session, body: ApplicantProfile, *, loc: list[str | int]) -> Profile:
    """Checks every code and slug the profile names (422 naming the field, under `loc`) and
    flattens it for the rule engine."""
    org, project = body.organisation, body.project
    if org.applicant_type:
        check_terms(
            session=session,
            vocabulary="applicant_type",
            slugs=[org.applicant_type],
            loc=[*loc, "organisation", "applicant_type"],
        )
    check_boroughs(session=session, codes=org.boroughs, loc=[*loc, "organisation", "boroughs"])
    check_boroughs(session=session, codes=project.boroughs, loc=[*loc, "project", "boroughs"])
    for vocabulary, field in (
        ("activity", "activities"),
        ("beneficiary_group", "beneficiary_groups"),
        ("violence_type", "violence_types"),
    ):
        check_terms(
            session=session,
            vocabulary=vocabulary,
            slugs=getattr(project, field),
            loc=[*loc, "project", field],
        )
    return profile_of(body)
