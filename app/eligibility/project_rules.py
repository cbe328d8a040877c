"""The rules about the project: where it works, whom it serves, what it asks for, how long.

Pure functions like those of `app.eligibility.rules`, which lists them all.
"""

from __future__ import annotations

from app.core.money import pounds_text
from app.eligibility.facts import Names, Profile, Reason, StreamRules, fail, passed, unknown
from app.eligibility.wording import counted


def borough_coverage(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    if not s.boroughs:
        return None
    covered = n.borough_list(s.boroughs)
    if not p.project_boroughs:
        return unknown(
            "boroughs",
            f"This fund covers only {covered}. Tell us where your project works.",
        )
    inside = p.project_boroughs & s.boroughs
    if not inside:
        return fail(
            "boroughs",
            f"Your project works in "
            f"{n.borough_list(p.project_boroughs)}; this fund covers only {covered}.",
        )
    outside = p.project_boroughs - s.boroughs
    note = f" Work in {n.borough_list(outside)} is outside it." if outside else ""
    return passed(
        "boroughs",
        f"This fund covers {n.borough_list(inside)}, where your project works.{note}",
    )


def ages(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low} to {high}"
    return f"{low} and over" if low is not None else f"up to {high}"


def age_range(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    if s.age_min is None and s.age_max is None:
        return None
    theirs = ages(s.age_min, s.age_max)
    if p.age_min is None and p.age_max is None:
        return unknown(
            "age_range",
            f"This fund is for people aged {theirs}. Tell us the ages your project works with.",
        )
    yours = ages(p.age_min, p.age_max)
    too_old = p.age_min is not None and s.age_max is not None and p.age_min > s.age_max
    too_young = p.age_max is not None and s.age_min is not None and p.age_max < s.age_min
    if too_old or too_young:
        return fail(
            "age_range",
            f"Your project works with ages {yours}; this fund is for ages {theirs}.",
        )
    if p.age_min is None or p.age_max is None:
        return unknown(
            "age_range",
            f"This fund is for ages {theirs}; tell us both the "
            "youngest and the oldest age your project works with.",
        )
    low_ok = s.age_min is None or p.age_min >= s.age_min
    high_ok = s.age_max is None or p.age_max <= s.age_max
    note = "" if low_ok and high_ok else f" Only work with ages {theirs} can be funded."
    return passed(
        "age_range", f"Your project's ages {yours} overlap this fund's ages {theirs}.{note}"
    )


def award_size(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    low, high = s.min_award_pence, s.max_award_pence
    if low is None and high is None:
        return None
    if p.amount_requested_pence is None:
        return unknown(
            "amount",
            f"Tell us how much you will ask for: this fund gives {grant_bounds(low, high)}.",
        )
    asked = pounds_text(p.amount_requested_pence)
    if high is not None and p.amount_requested_pence > high:
        return fail(
            "amount",
            f"You want to ask for {asked}; this fund's largest grant is {pounds_text(high)}.",
        )
    if low is not None and p.amount_requested_pence < low:
        return fail(
            "amount",
            f"You want to ask for {asked}; this fund's smallest grant is {pounds_text(low)}.",
        )
    return passed(
        "amount",
        f"Your request of {asked} is within this fund's grants of {grant_bounds(low, high)}.",
    )


def grant_bounds(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{pounds_text(low)} to {pounds_text(high)}"
    return f"at least {pounds_text(low)}" if low is not None else f"up to {pounds_text(high or 0)}"


def duration(p: Profile, s: StreamRules, n: Names) -> Reason | None:
    most = s.max_duration_months
    if most is None:
        return None
    if p.duration_months is None:
        return unknown(
            "duration",
            f"This fund pays for up to {counted(most, 'month')}. "
            "Tell us how long your project runs.",
        )
    if p.duration_months > most:
        return fail(
            "duration",
            f"Your project runs for {counted(p.duration_months, 'month')}; "
            f"this fund pays for up to {counted(most, 'month')}.",
        )
    return passed(
        "duration",
        f"Your project's {counted(p.duration_months, 'month')} fit this fund's limit "
        f"of {counted(most, 'month')}.",
    )
