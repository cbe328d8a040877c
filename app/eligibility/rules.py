"""The eligibility rules: pure functions from an applicant profile and a stream's rules to reasons.

No database, no HTTP. Money is in integer pence. Every rule a stream sets gives one `Reason`:
pass, fail, or unknown when the profile does not say enough; rules a stream does not set give
none. A profile that tells more can only settle an unknown; it never unsettles a pass. A fund's
criteria in its own words are a rule too (always unknown: only the applicant can tell), and a
fund that sets no rule at all says so, so that no verdict comes without a reason. The rules
about the organisation are here, those about the project in `app.eligibility.project_rules`.
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.money import pounds_text
from app.eligibility.facts import (
    Names,
    Profile,
    Reason,
    StreamRules,
    Verdict,
    fail,
    passed,
    unknown,
)
from app.eligibility.project_rules import age_range, award_size, borough_coverage, duration
from app.eligibility.wording import counted, one_of, share, with_article

# Legal forms that always carry a register number (Charity Commission or Companies House).
REGISTERED_TYPES = frozenset(
    {"registered-charity", "cio", "cic", "company-limited-by-guarantee", "for-profit-company"}
)


def applicant_type(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    if not s.applicant_types:
        return None
    allowed = one_of(n, s.applicant_types)
    if p.applicant_type is None:
        return unknown(
            "applicant_type",
            f"This fund is open only to {allowed}. "
            "Tell us your organisation's legal form to check.",
        )
    yours = with_article(n.term(p.applicant_type))
    if p.applicant_type in s.applicant_types:
        return passed("applicant_type", f"This fund accepts {yours}, as yours is.")
    return fail(
        "applicant_type",
        f"Your organisation is {yours}; this fund is open only to {allowed}.",
    )


def income(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    low, high = s.income_min_pence, s.income_max_pence
    if low is None and high is None:
        return None
    bounds = " and ".join(
        b
        for b in (
            f"at least {pounds_text(low)}" if low is not None else "",
            f"at most {pounds_text(high)}" if high is not None else "",
        )
        if b
    )
    if p.annual_income_pence is None:
        return unknown(
            "income",
            f"This fund is for organisations with an annual income "
            f"of {bounds}. Tell us your annual income to check.",
        )
    yours = pounds_text(p.annual_income_pence)
    if high is not None and p.annual_income_pence > high:
        return fail(
            "income",
            f"Your annual income of {yours} is above this fund's limit of {pounds_text(high)}.",
        )
    if low is not None and p.annual_income_pence < low:
        return fail(
            "income",
            f"Your annual income of {yours} is below this fund's minimum of {pounds_text(low)}.",
        )
    return passed(
        "income", f"Your annual income of {yours} is within this fund's limits ({bounds})."
    )


def years_operating(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    need = s.min_years_operating
    if need is None:
        return None
    if p.years_operating is None:
        return unknown(
            "years_operating",
            f"This fund asks for at least {counted(need, 'year')} "
            "of operating. Tell us how long your organisation has run.",
        )
    if p.years_operating < need:
        return fail(
            "years_operating",
            f"Your organisation has operated for {counted(p.years_operating, 'year')}; "
            f"this fund asks for at least {counted(need, 'year')}.",
        )
    return passed(
        "years_operating",
        f"Your organisation has operated for "
        f"{counted(p.years_operating, 'year')}, at least the {counted(need, 'year')} asked for.",
    )


def annual_amount_pence(p: Profile) -> int | None:
    """The grant asked for per year: a grant of a year or less counts whole."""
    if p.amount_requested_pence is None:
        return None
    months = max(p.duration_months or 12, 12)
    return p.amount_requested_pence * 12 // months


def grant_limit_pence(income_pence: int, s: StreamRules) -> int:
    """The most a year that the stream's grant-to-income ratio allows (exact, rounded down)."""
    ratio = s.max_grant_to_income_ratio
    assert ratio is not None
    return income_pence * ratio.numerator // ratio.denominator


def grant_to_income(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    ratio = s.max_grant_to_income_ratio
    if ratio is None:
        return None
    part = share(ratio)
    annual = annual_amount_pence(p)
    if annual is None or p.annual_income_pence is None:
        return unknown(
            "grant_to_income",
            f"This fund gives at most {part} of your annual income a year. Tell us your income "
            "and the amount you will ask for to check.",
        )
    limit = grant_limit_pence(p.annual_income_pence, s)
    asked = f"{pounds_text(annual)} a year"
    if annual > limit:
        return fail(
            "grant_to_income",
            f"Asking for {asked} is more than {part} of your annual income of "
            f"{pounds_text(p.annual_income_pence)} (at most {pounds_text(limit)} a year).",
        )
    return passed(
        "grant_to_income",
        f"Asking for {asked} is within {part} of your annual income of "
        f"{pounds_text(p.annual_income_pence)}.",
    )


def registered_number(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    if not s.registered_number_required:
        return None
    if p.registered_number:
        return passed(
            "registered_number",
            f"This fund needs a registered number; yours is {p.registered_number}.",
        )
    if p.applicant_type in REGISTERED_TYPES:
        return passed(
            "registered_number",
            f"This fund needs a registered number; {with_article(n.term(p.applicant_type))} "
            "has one.",
        )
    return unknown(
        "registered_number",
        "This fund needs a charity or company number. Tell us yours to check.",
    )


def safeguarding_policy(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    if not s.safeguarding_policy_required:
        return None
    if p.has_safeguarding_policy is None:
        return unknown(
            "safeguarding_policy",
            "This fund needs a safeguarding policy. Tell us whether you have one.",
        )
    if p.has_safeguarding_policy:
        return passed(
            "safeguarding_policy",
            "This fund needs a safeguarding policy, and you have one.",
        )
    return fail(
        "safeguarding_policy",
        "This fund needs a safeguarding policy and you "
        "said you have none: write and adopt one before applying.",
    )


def london_base(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    if not s.london_based_required:
        return None
    if not p.organisation_boroughs:
        return unknown(
            "london_base",
            "This fund is for London-based organisations. "
            "Tell us the borough your organisation is based in.",
        )
    return passed(
        "london_base",
        f"This fund is for London-based organisations; yours is "
        f"based in {n.borough_list(p.organisation_boroughs)}.",
    )


def other_criteria(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    if not s.other_criteria:
        return None
    return unknown(
        "other_criteria",
        f'This fund also asks, in its own words: "{s.other_criteria}" '
        "Check that you meet this before you apply.",
    )


Rule = Callable[[Profile, StreamRules, Names], Reason | None]
RULES: tuple[Rule, ...] = (
    applicant_type,
    income,
    years_operating,
    grant_to_income,
    registered_number,
    safeguarding_policy,
    london_base,
    borough_coverage,
    age_range,
    award_size,
    duration,
    other_criteria,
)
NO_RULES = Reason(
    "no_rules", "pass", "This fund sets no eligibility rules: any organisation may apply."
)


def check(profile: Profile, stream: StreamRules, names: Names) -> list[Reason]:
    """Every reason of every rule the stream sets; `NO_RULES` when it sets none."""
    return [r for rule in RULES if (r := rule(profile, stream, names)) is not None] or [NO_RULES]


def verdict(reasons: list[Reason]) -> Verdict:
    """One fail makes a stream ineligible; otherwise one unknown makes it unclear."""
    outcomes = {r.outcome for r in reasons}
    if "fail" in outcomes:
        return "ineligible"
    return "unclear" if "unknown" in outcomes else "eligible"
