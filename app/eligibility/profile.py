"""An applicant profile as the API takes it, checked and flattened for the rule engine."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core.errors import every_problem
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


def checked_profile(
    session: Session, body: ApplicantProfile, *, loc: list[str | int]
) -> ApplicantProfile:
    """The profile with every code and slug it names checked (one 422 naming every bad field,
    under `loc`) and its boroughs as GSS codes, however they were named."""
    org, project = body.organisation, body.project
    with every_problem() as problems:

        def terms(vocabulary: str, slugs: list[str], where: list[str | int]) -> list[str]:
            return problems.check(
                lambda: check_terms(session=session, vocabulary=vocabulary, slugs=slugs, loc=where),
                slugs,
            )

        def boroughs(given: list[str], where: list[str | int]) -> list[str]:
            return problems.check(
                lambda: check_boroughs(session=session, codes=given, loc=where), given
            )

        if org.applicant_type:
            terms("applicant_type", [org.applicant_type], [*loc, "organisation", "applicant_type"])
        org_boroughs = boroughs(org.boroughs, [*loc, "organisation", "boroughs"])
        project_boroughs = boroughs(project.boroughs, [*loc, "project", "boroughs"])
        for vocabulary, field in (
            ("activity", "activities"),
            ("beneficiary_group", "beneficiary_groups"),
            ("violence_type", "violence_types"),
        ):
            terms(vocabulary, getattr(project, field), [*loc, "project", field])
    return body.model_copy(
        update={
            "organisation": org.model_copy(update={"boroughs": org_boroughs}),
            "project": project.model_copy(update={"boroughs": project_boroughs}),
        }
    )


def to_profile(session: Session, body: ApplicantProfile, *, loc: list[str | int]) -> Profile:
    """`checked_profile`, flattened for the rule engine."""
    return profile_of(checked_profile(session, body, loc=loc))
