"""How much two funding streams (or a proposal and a stream) fund the same things in the same
places. Pure functions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.awards.terms import Terms

# What a shared term weighs in the score; boroughs use the stream's coverage (empty = London).
WEIGHTS = {"activities": 0.35, "violence_types": 0.2, "beneficiary_groups": 0.15, "boroughs": 0.3}


@dataclass(frozen=True)
class Profile:
    terms: Terms
    # Empty boroughs mean all London: resolved against `london` when comparing.
    start: dt.date | None = None
    end: dt.date | None = None


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def coverage(boroughs: frozenset[str], london: frozenset[str]) -> frozenset[str]:
    return boroughs or london


def shared_period(a: Profile, b: Profile) -> tuple[dt.date, dt.date] | bool | None:
    """The dates both cover; True when one of them is open-ended on both sides; False if none."""
    start = max((d for d in (a.start, b.start) if d), default=None)
    end = min((d for d in (a.end, b.end) if d), default=None)
    if start and end:
        return (start, end) if start <= end else False
    return True


def similarity(a: Profile, b: Profile, london: frozenset[str]) -> tuple[float, Terms]:
    """Weighted Jaccard over what and where they fund (0..1), and what they share.

    Zero unless they share an activity or a violence type, a borough and some period.
    """
    ta, tb = a.terms, b.terms
    where_a, where_b = coverage(ta.boroughs, london), coverage(tb.boroughs, london)
    shared = Terms(
        boroughs=where_a & where_b,
        activities=ta.activities & tb.activities,
        violence_types=ta.violence_types & tb.violence_types,
        beneficiary_groups=ta.beneficiary_groups & tb.beneficiary_groups,
    )
    if not (shared.activities or shared.violence_types) or not shared.boroughs:
        return 0.0, shared
    if shared_period(a, b) is False:
        return 0.0, shared
    score = (
        WEIGHTS["activities"] * _jaccard(ta.activities, tb.activities)
        + WEIGHTS["violence_types"] * _jaccard(ta.violence_types, tb.violence_types)
        + WEIGHTS["beneficiary_groups"] * _jaccard(ta.beneficiary_groups, tb.beneficiary_groups)
        + WEIGHTS["boroughs"] * _jaccard(where_a, where_b)
    )
    return round(score, 3), shared
