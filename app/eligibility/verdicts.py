"""The verdict of the rules without their messages: the same decisions as `app.eligibility.rules`
(a test checks `quick_verdict(p, s) == verdict(check(p, s, names))` on random profiles and
streams), taken with plain comparisons, so that a check of thousands of streams writes messages
only for the streams it returns.
"""

from __future__ import annotations

from app.eligibility.facts import Profile, StreamRules, Verdict
from app.eligibility.rules import REGISTERED_TYPES, annual_amount_pence, grant_limit_pence


def quick_verdict(p: Profile, s: StreamRules) -> Verdict:
    """One fail makes a stream ineligible; otherwise one unknown makes it unclear."""
    unknown = False
    if s.applicant_types:
        if p.applicant_type is None:
            unknown = True
        elif p.applicant_type not in s.applicant_types:
            return "ineligible"
    low, high = s.income_min_pence, s.income_max_pence
    if low is not None or high is not None:
        income = p.annual_income_pence
        if income is None:
            unknown = True
        elif (high is not None and income > high) or (low is not None and income < low):
            return "ineligible"
    if s.min_years_operating is not None:
        if p.years_operating is None:
            unknown = True
        elif p.years_operating < s.min_years_operating:
            return "ineligible"
    if s.max_grant_to_income_ratio is not None:
        annual = annual_amount_pence(p)
        if annual is None or p.annual_income_pence is None:
            unknown = True
        elif annual > grant_limit_pence(p.annual_income_pence, s):
            return "ineligible"
    if (
        s.registered_number_required
        and not p.registered_number
        and p.applicant_type not in REGISTERED_TYPES
    ):
        unknown = True
    if s.safeguarding_policy_required:
        if p.has_safeguarding_policy is None:
            unknown = True
        elif not p.has_safeguarding_policy:
            return "ineligible"
    if s.london_based_required and not p.organisation_boroughs:
        unknown = True
    if s.boroughs:
        if not p.project_boroughs:
            unknown = True
        elif not p.project_boroughs & s.boroughs:
            return "ineligible"
    if s.age_min is not None or s.age_max is not None:
        if p.age_min is None and p.age_max is None:
            unknown = True
        elif (p.age_min is not None and s.age_max is not None and p.age_min > s.age_max) or (
            p.age_max is not None and s.age_min is not None and p.age_max < s.age_min
        ):
            return "ineligible"
        elif p.age_min is None or p.age_max is None:
            unknown = True
    low, high = s.min_award_pence, s.max_award_pence
    if low is not None or high is not None:
        asked = p.amount_requested_pence
        if asked is None:
            unknown = True
        elif (high is not None and asked > high) or (low is not None and asked < low):
            return "ineligible"
    if s.max_duration_months is not None:
        if p.duration_months is None:
            unknown = True
        elif p.duration_months > s.max_duration_months:
            return "ineligible"
    if s.other_criteria:
        unknown = True
    return "unclear" if unknown else "eligible"
