from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from app.db import SessionDep
from app.eligibility import service
from app.eligibility.facts import Profile
from app.eligibility.schemas import (
    ApplicantProfile,
    EligibilityAnswer,
    EligibilityCounts,
    EligibilityResult,
    ReasonRead,
    StreamBrief,
)
from app.reference.service import check_boroughs, check_terms
from app.schemas import pence_to_pounds
from app.timeutil import TodayDep

router = APIRouter(prefix="/v1/eligibility", tags=["signposting"])


def _pence(pounds: Decimal | None) -> int | None:
    return None if pounds is None else int(pounds * 100)


def to_profile(session: Session, body: ApplicantProfile) -> Profile:
    """Checks every code and slug the profile names (422 naming the field) and flattens it."""
    org, project = body.organisation, body.project

    def terms(vocabulary: str, slugs: list[str], *loc: str) -> frozenset[str]:
        where: list[str | int] = ["body", *loc]
        return frozenset(
            check_terms(session=session, vocabulary=vocabulary, slugs=slugs, loc=where)
        )

    def boroughs(codes: list[str], *loc: str) -> frozenset[str]:
        return frozenset(check_boroughs(session=session, codes=codes, loc=["body", *loc]))

    applicant = terms(
        "applicant_type", [org.applicant_type] if org.applicant_type else [],
        "organisation", "applicant_type",
    )  # fmt: skip
    return Profile(
        applicant_type=next(iter(applicant), None),
        annual_income_pence=_pence(org.annual_income),
        years_operating=org.years_operating,
        organisation_boroughs=boroughs(org.boroughs, "organisation", "boroughs"),
        registered_number=(org.registered_number or "").strip() or None,
        has_safeguarding_policy=org.has_safeguarding_policy,
        activities=terms("activity", project.activities, "project", "activities"),
        project_boroughs=boroughs(project.boroughs, "project", "boroughs"),
        beneficiary_groups=terms(
            "beneficiary_group", project.beneficiary_groups, "project", "beneficiary_groups"
        ),
        age_min=project.age_min,
        age_max=project.age_max,
        violence_types=terms("violence_type", project.violence_types, "project", "violence_types"),
        amount_requested_pence=_pence(project.amount_requested),
        duration_months=project.duration_months,
    )


@router.post("", response_model=EligibilityAnswer)
def check_eligibility(
    body: ApplicantProfile,
    session: SessionDep,
    today: TodayDep,
    include_ineligible: bool = False,
    include_closed: Annotated[
        bool, Query(description="Also check closed rounds (default: only those still to come).")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> EligibilityAnswer:
    """Every stream's verdict for an applicant, each rule explained; eligible first, by fit."""
    checked, counts = service.check_eligibility(
        session=session,
        profile=to_profile(session, body),
        today=today,
        include_closed=include_closed,
        include_ineligible=include_ineligible,
        limit=limit,
    )
    results = [
        EligibilityResult(
            stream=StreamBrief(
                id=c.card.slug,
                name=c.card.name,
                funder={"id": c.card.funder_id, "name": c.card.funder_name},
                url=c.card.url,
                status=c.status,
                closes_on=c.card.rules.closes_on.isoformat() if c.card.rules.closes_on else None,
                max_award=pence_to_pounds(c.card.max_award_pence),
                illustrative=c.card.illustrative,
            ),
            verdict=c.verdict,
            fit=c.fit,
            reasons=[
                ReasonRead(rule=r.rule, outcome=r.outcome, message=r.message) for r in c.reasons
            ],
        )
        for c in checked
    ]
    return EligibilityAnswer(results=results, counts=EligibilityCounts(**counts))
