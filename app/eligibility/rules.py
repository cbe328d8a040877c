"""The eligibility rules: pure functions from an applicant profile and a stream's rules to reasons.

No database, no HTTP. Money is in integer pence. Every rule a stream sets gives one `Reason`:
pass, fail, or unknown when the profile does not say enough; rules a stream does not set give
none. A profile that tells more can only settle an unknown; it never unsettles a pass.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from app.eligibility.facts import (
    Names,
    Outcome,
    Profile,
    Reason,
    StreamRules,
    Verdict,
    pounds,
    term_list,
)

# Legal forms that always carry a register number (Charity Commission or Companies House).
REGISTERED_TYPES = frozenset(
    {"registered-charity", "cio", "cic", "company-limited-by-guarantee", "for-profit-company"}
)


def _reason(outcome: Outcome) -> Callable[[str, str], Reason]:
    return lambda rule, message: Reason(rule, outcome, message)


_pass, _fail, _unknown = _reason("pass"), _reason("fail"), _reason("unknown")


def _years(value: Decimal) -> str:
    n = f"{value.normalize():f}"
    return f"{n} year" if value == 1 else f"{n} years"


def applicant_type(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    if not s.applicant_types:
        return None
    allowed = term_list(n, s.applicant_types)
    if p.applicant_type is None:
        return _unknown(
            "applicant_type",
            f"This fund is open to: {allowed}. Tell us your organisation's legal form to check.",
        )
    if p.applicant_type in s.applicant_types:
        return _pass("applicant_type", f"This fund accepts a {n.term(p.applicant_type)}.")
    return _fail(
        "applicant_type",
        f"Your organisation is a {n.term(p.applicant_type)}; this fund is only open to: {allowed}.",
    )


def income(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    low, high = s.income_min_pence, s.income_max_pence
    if low is None and high is None:
        return None
    bounds = " and ".join(
        b
        for b in (
            f"at least {pounds(low)}" if low is not None else "",
            f"at most {pounds(high)}" if high is not None else "",
        )
        if b
    )
    if p.annual_income_pence is None:
        return _unknown(
            "income",
            f"This fund is for organisations with an annual income "
            f"of {bounds}. Tell us your annual income to check.",
        )
    yours = pounds(p.annual_income_pence)
    if high is not None and p.annual_income_pence > high:
        return _fail(
            "income",
            f"Your annual income of {yours} is above this fund's limit of {pounds(high)}.",
        )
    if low is not None and p.annual_income_pence < low:
        return _fail(
            "income",
            f"Your annual income of {yours} is below this fund's minimum of {pounds(low)}.",
        )
    return _pass(
        "income", f"Your annual income of {yours} is within this fund's limits ({bounds})."
    )


def years_operating(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    need = s.min_years_operating
    if need is None:
        return None
    if p.years_operating is None:
        return _unknown(
            "years_operating",
            f"This fund asks for at least {_years(need)} "
            "of operating. Tell us how long your organisation has run.",
        )
    if p.years_operating < need:
        return _fail(
            "years_operating",
            f"Your organisation has operated for "
            f"{_years(p.years_operating)}; this fund asks for at least {_years(need)}.",
        )
    return _pass(
        "years_operating",
        f"Your organisation has operated for "
        f"{_years(p.years_operating)}, at least the {_years(need)} asked for.",
    )


def annual_amount_pence(p: Profile) -> int | None:
    """The grant asked for per year: a grant of a year or less counts whole."""
    if p.amount_requested_pence is None:
        return None
    months = max(p.duration_months or 12, 12)
    return p.amount_requested_pence * 12 // months


def grant_to_income(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    ratio = s.max_grant_to_income_ratio
    if ratio is None:
        return None
    share = f"{float(ratio) * 100:.0f}%"
    annual = annual_amount_pence(p)
    if annual is None or p.annual_income_pence is None:
        return _unknown(
            "grant_to_income",
            f"This fund gives at most {share} of your "
            "annual income per year. Tell us your income and the amount you will ask "
            "for to check.",
        )
    limit = int(Decimal(p.annual_income_pence) * ratio)
    asked = f"{pounds(annual)} a year"
    if annual > limit:
        return _fail(
            "grant_to_income",
            f"Asking for {asked} is more than {share} of "
            f"your annual income of {pounds(p.annual_income_pence)} (at most "
            f"{pounds(limit)} a year).",
        )
    return _pass(
        "grant_to_income",
        f"Asking for {asked} is within {share} of your "
        f"annual income of {pounds(p.annual_income_pence)}.",
    )


def registered_number(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    if not s.registered_number_required:
        return None
    if p.registered_number:
        return _pass(
            "registered_number",
            f"This fund needs a registered number; yours is {p.registered_number}.",
        )
    if p.applicant_type in REGISTERED_TYPES:
        return _pass(
            "registered_number",
            f"This fund needs a registered number; a {n.term(p.applicant_type)} has one.",
        )
    return _unknown(
        "registered_number",
        "This fund needs a charity or company number. Tell us yours to check.",
    )


def safeguarding_policy(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    if not s.safeguarding_policy_required:
        return None
    if p.has_safeguarding_policy is None:
        return _unknown(
            "safeguarding_policy",
            "This fund needs a safeguarding policy. Tell us whether you have one.",
        )
    if p.has_safeguarding_policy:
        return _pass(
            "safeguarding_policy",
            "This fund needs a safeguarding policy, and you have one.",
        )
    return _fail(
        "safeguarding_policy",
        "This fund needs a safeguarding policy and you "
        "said you have none: write and adopt one before applying.",
    )


def london_base(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    if not s.london_based_required:
        return None
    if not p.organisation_boroughs:
        return _unknown(
            "london_base",
            "This fund is for London-based organisations. "
            "Tell us the borough your organisation is based in.",
        )
    return _pass(
        "london_base",
        f"This fund is for London-based organisations; yours is "
        f"based in {n.borough_list(p.organisation_boroughs)}.",
    )


def borough_coverage(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    if not s.boroughs:
        return None
    covered = n.borough_list(s.boroughs)
    if not p.project_boroughs:
        return _unknown(
            "boroughs",
            f"This fund covers only {covered}. Tell us where your project works.",
        )
    inside = p.project_boroughs & s.boroughs
    if not inside:
        return _fail(
            "boroughs",
            f"Your project works in "
            f"{n.borough_list(p.project_boroughs)}; this fund covers only {covered}.",
        )
    outside = p.project_boroughs - s.boroughs
    note = f" Work in {n.borough_list(outside)} is outside it." if outside else ""
    return _pass(
        "boroughs",
        f"This fund covers {n.borough_list(inside)}, where your project works.{note}",
    )


def _ages(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low} to {high}"
    return f"{low} and over" if low is not None else f"up to {high}"


def age_range(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    if s.age_min is None and s.age_max is None:
        return None
    theirs = _ages(s.age_min, s.age_max)
    if p.age_min is None and p.age_max is None:
        return _unknown(
            "age_range",
            f"This fund is for people aged {theirs}. Tell us the ages your project works with.",
        )
    yours = _ages(p.age_min, p.age_max)
    too_old = p.age_min is not None and s.age_max is not None and p.age_min > s.age_max
    too_young = p.age_max is not None and s.age_min is not None and p.age_max < s.age_min
    if too_old or too_young:
        return _fail(
            "age_range",
            f"Your project works with ages {yours}; this fund is for ages {theirs}.",
        )
    if p.age_min is None or p.age_max is None:
        return _unknown(
            "age_range",
            f"This fund is for ages {theirs}; tell us both the "
            "youngest and the oldest age your project works with.",
        )
    low_ok = s.age_min is None or p.age_min >= s.age_min
    high_ok = s.age_max is None or p.age_max <= s.age_max
    note = "" if low_ok and high_ok else f" Only work with ages {theirs} can be funded."
    return _pass(
        "age_range", f"Your project's ages {yours} overlap this fund's ages {theirs}.{note}"
    )


def award_size(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    low, high = s.min_award_pence, s.max_award_pence
    if low is None and high is None:
        return None
    if p.amount_requested_pence is None:
        return _unknown(
            "amount",
            f"Tell us how much you will ask for: this fund gives {_bounds(low, high)}.",
        )
    asked = pounds(p.amount_requested_pence)
    if high is not None and p.amount_requested_pence > high:
        return _fail(
            "amount",
            f"You want to ask for {asked}; this fund's largest grant is {pounds(high)}.",
        )
    if low is not None and p.amount_requested_pence < low:
        return _fail(
            "amount",
            f"You want to ask for {asked}; this fund's smallest grant is {pounds(low)}.",
        )
    return _pass(
        "amount",
        f"Your request of {asked} is within this fund's grants of {_bounds(low, high)}.",
    )


def _bounds(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{pounds(low)} to {pounds(high)}"
    return f"at least {pounds(low)}" if low is not None else f"up to {pounds(high or 0)}"


def duration(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    most = s.max_duration_months
    if most is None:
        return None
    if p.duration_months is None:
        return _unknown(
            "duration",
            f"This fund pays for up to {most} months. Tell us how long your project runs.",
        )
    if p.duration_months > most:
        return _fail(
            "duration",
            f"Your project runs for {p.duration_months} months; "
            f"this fund pays for up to {most} months.",
        )
    return _pass(
        "duration",
        f"Your project's {p.duration_months} months fit this fund's limit of {most} months.",
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
)


def check(profile: Profile, stream: StreamRules, names: Names) -> list[Reason]:
    """Every reason of every rule the stream sets."""
    return [r for rule in RULES if (r := rule(profile, stream, names)) is not None]


def verdict(reasons: list[Reason]) -> Verdict:
    """One fail makes a stream ineligible; otherwise one unknown makes it unclear."""
    outcomes = {r.outcome for r in reasons}
    if "fail" in outcomes:
        return "ineligible"
    return "unclear" if "unknown" in outcomes else "eligible"
