"""Scoring a proposed award against existing ones: what kind of overlap, how strong, and the
overall risk. Pure functions: no database, no HTTP.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from rapidfuzz import fuzz

from app.awards.period import Period
from app.awards.terms import Terms

# Descriptions this alike (0..1) count as the same purpose for the same recipient.
SAME_PURPOSE_DESCRIPTION = 0.9
# Descriptions this alike are reported as `similar_description`.
SIMILAR_DESCRIPTION = 0.7
# A name match at least this strong counts as the organisation itself when setting the risk.
CONFIDENT_NAME = 0.95


class Risk(IntEnum):
    none = 0
    low = 1
    medium = 2
    high = 3


KINDS = ("same_recipient_same_purpose", "same_recipient", "same_area_same_purpose")
SIMILAR = "similar_description"


def overlap_days(a: Period, b: Period | None) -> int | None:
    """Days both periods cover (inclusive); None when `b` is unknown."""
    if b is None:
        return None
    return max(0, (min(a.end, b.end) - max(a.start, b.start)).days + 1)


def text_similarity(a: str, b: str) -> float:
    """0..1 similarity of two free texts (titles and descriptions)."""
    left, right = a.strip().lower(), b.strip().lower()
    if not left or not right:
        return 0.0
    sort_ratio = fuzz.token_sort_ratio(left, right) / 100
    set_ratio = fuzz.token_set_ratio(left, right) / 100 * 0.9
    return round(max(sort_ratio, set_ratio), 3)


@dataclass(frozen=True)
class RecipientMatch:
    matched_by: str  # "org_id" or "name"
    score: float


@dataclass(frozen=True)
class Proposal:
    terms: Terms
    period: Period
    text: str = ""


@dataclass(frozen=True)
class Candidate:
    """An existing award as the scorer sees it; `recipient` is how its recipient matched, if."""

    terms: Terms
    period: Period | None
    text: str = ""
    recipient: RecipientMatch | None = None


@dataclass(frozen=True)
class Match:
    kind: str
    score: float
    reasons: tuple[str, ...]
    shared: Terms
    period_overlap_days: int | None
    recipient: RecipientMatch | None


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _listed(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


def _recipient_reason(recipient: RecipientMatch) -> str:
    if recipient.matched_by == "org_id":
        return "The same organisation (same org-id) already has this award."
    return (
        f"An organisation with a very similar name (name match {recipient.score:.2f}) already "
        "has this award; check whether it is the same organisation."
    )


def _period_reason(days: int | None, candidate: Candidate) -> str | None:
    if days is None:
        return "The award's dates are not recorded, so it may still be running."
    if days == 0:
        return None
    assumed = candidate.period is not None and candidate.period.assumed
    note = " (its end date is not recorded: assumed one year after it starts)" if assumed else ""
    return f"The periods overlap by {days} days{note}."


def classify(proposal: Proposal, candidate: Candidate) -> Match | None:
    """How `candidate` overlaps the proposal, or None when it does not."""
    p, c = proposal.terms, candidate.terms
    shared = Terms(
        boroughs=p.boroughs & c.boroughs,
        activities=p.activities & c.activities,
        violence_types=p.violence_types & c.violence_types,
        beneficiary_groups=p.beneficiary_groups & c.beneficiary_groups,
    )
    days = overlap_days(proposal.period, candidate.period)
    similarity = text_similarity(proposal.text, candidate.text)
    reasons: list[str] = []
    if shared.activities:
        reasons.append(f"Shared activities: {_listed(shared.activities)}.")
    if shared.violence_types:
        reasons.append(f"Shared violence types: {_listed(shared.violence_types)}.")
    period_reason = _period_reason(days, candidate)

    if candidate.recipient is not None:
        recipient = candidate.recipient
        purpose = bool(shared.activities or shared.violence_types)
        if similarity >= SAME_PURPOSE_DESCRIPTION:
            purpose = True
            reasons.append(f"The descriptions are nearly the same (similarity {similarity:.2f}).")
        running = days is None or days > 0
        head = [_recipient_reason(recipient)]
        if purpose and running:
            closeness = _jaccard(p.activities | p.violence_types, c.activities | c.violence_types)
            score = recipient.score * (0.6 + 0.4 * max(closeness, similarity))
            tail = [period_reason] if period_reason else []
            return Match(
                "same_recipient_same_purpose",
                round(score, 3),
                (*head, *reasons, *tail, "Possible double funding."),
                shared,
                days,
                recipient,
            )
        return Match(
            "same_recipient",
            round(recipient.score * 0.5, 3),
            tuple(head + reasons + ([period_reason] if period_reason else [])),
            shared,
            days,
            recipient,
        )

    if shared.boroughs and shared.activities and shared.beneficiary_groups and days:
        closeness = (
            _jaccard(p.boroughs, c.boroughs)
            + _jaccard(p.activities, c.activities)
            + _jaccard(p.beneficiary_groups, c.beneficiary_groups)
        ) / 3
        return Match(
            "same_area_same_purpose",
            round(0.4 + 0.5 * closeness, 3),
            (
                f"Same boroughs: {_listed(shared.boroughs)}.",
                *reasons,
                f"Shared beneficiary groups: {_listed(shared.beneficiary_groups)}.",
                *([period_reason] if period_reason else []),
                "Another organisation already delivers this here: possible saturation.",
            ),
            shared,
            days,
            None,
        )

    if similarity >= SIMILAR_DESCRIPTION:
        return Match(
            SIMILAR,
            round(similarity * 0.8, 3),
            (f"The title and description are similar (similarity {similarity:.2f}).",),
            shared,
            days,
            None,
        )
    return None


def overall_risk(matches: Iterable[Match]) -> tuple[Risk, str]:
    """The overall risk of the proposal and the rule that set it."""
    kinds = list(matches)
    if any(
        m.kind == "same_recipient_same_purpose"
        and m.recipient is not None
        and (m.recipient.matched_by == "org_id" or m.recipient.score >= CONFIDENT_NAME)
        for m in kinds
    ):
        return Risk.high, (
            "high: the same organisation already has an award for a shared activity or "
            "violence type in an overlapping period (possible double funding)"
        )
    if any(m.kind == "same_recipient_same_purpose" for m in kinds):
        return Risk.medium, (
            "medium: an organisation with a similar name already has an award for the same "
            "purpose in an overlapping period"
        )
    if any(m.kind == "same_area_same_purpose" for m in kinds):
        return Risk.medium, (
            "medium: another organisation is already funded for the same activity and group in "
            "the same borough in an overlapping period (possible saturation)"
        )
    if kinds:
        return Risk.low, (
            "low: the organisation has other awards, or similar projects exist, but nothing "
            "funds the same purpose in the same period"
        )
    return Risk.none, "none: no existing award overlaps the proposal"
