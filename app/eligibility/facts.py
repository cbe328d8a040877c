"""The plain data the eligibility rules read: an applicant's profile and a stream's rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Literal

Outcome = Literal["pass", "fail", "unknown"]
Verdict = Literal["eligible", "unclear", "ineligible"]


@dataclass(frozen=True, slots=True)
class Profile:
    """What an applicant tells about itself and its project; None or empty means not said."""

    applicant_type: str | None = None
    annual_income_pence: int | None = None
    years_operating: Decimal | None = None
    organisation_boroughs: frozenset[str] = frozenset()
    registered_number: str | None = None
    has_safeguarding_policy: bool | None = None
    activities: frozenset[str] = frozenset()
    project_boroughs: frozenset[str] = frozenset()
    beneficiary_groups: frozenset[str] = frozenset()
    age_min: int | None = None
    age_max: int | None = None
    violence_types: frozenset[str] = frozenset()
    amount_requested_pence: int | None = None
    duration_months: int | None = None


@dataclass(frozen=True, slots=True)
class StreamRules:
    """The facts about one stream that the rules and the fit read."""

    pk: int
    applicant_types: frozenset[str] = frozenset()
    income_min_pence: int | None = None
    income_max_pence: int | None = None
    min_years_operating: Decimal | None = None
    # Exact: "up to a third" is 1/3, which no decimal holds.
    max_grant_to_income_ratio: Fraction | None = None
    registered_number_required: bool | None = None
    safeguarding_policy_required: bool | None = None
    london_based_required: bool | None = None
    boroughs: frozenset[str] = frozenset()  # empty: all London
    age_min: int | None = None
    age_max: int | None = None
    min_award_pence: int | None = None
    max_award_pence: int | None = None
    max_duration_months: int | None = None
    activities: frozenset[str] = frozenset()
    violence_types: frozenset[str] = frozenset()
    beneficiary_groups: frozenset[str] = frozenset()
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    programme_end: dt.date | None = None
    # Criteria in the fund's own words (stripped; empty: none).
    other_criteria: str = ""


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str
    outcome: Outcome
    message: str


@dataclass(frozen=True, eq=False)
class Names:
    """Labels for messages: borough names and vocabulary labels by code or slug."""

    boroughs: Mapping[str, str]
    terms: Mapping[str, str]

    # eq=False: hashed by identity, so a catalogue's Names can key the caches below.
    def borough_list(self, codes: frozenset[str]) -> str:
        return _borough_list(self, codes)

    def term(self, slug: str) -> str:
        return self.terms.get(slug, slug)


def join_words(words: list[str]) -> str:
    """a, b and c."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@lru_cache(maxsize=4096)
def _borough_list(names: Names, codes: frozenset[str]) -> str:
    return join_words(sorted(names.boroughs.get(c, c) for c in codes))


@lru_cache(maxsize=4096)
def term_list(names: Names, slugs: frozenset[str]) -> str:
    """The labels of `slugs`, alphabetically, as one phrase."""
    return join_words(sorted(names.term(s) for s in slugs))


def passed(rule: str, message: str) -> Reason:
    return Reason(rule, "pass", message)


def fail(rule: str, message: str) -> Reason:
    return Reason(rule, "fail", message)


def unknown(rule: str, message: str) -> Reason:
    return Reason(rule, "unknown", message)
