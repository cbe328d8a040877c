"""Checking an applicant profile against every stream that is not closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.eligibility.facts import Profile, Reason, Verdict
from app.eligibility.fit import fit
from app.eligibility.rules import check, verdict
from app.eligibility.verdicts import quick_verdict
from app.streams.catalogue import StreamCard, current_catalogue
from app.streams.status import Status

_ORDER: dict[Verdict, int] = {"eligible": 0, "unclear": 1, "ineligible": 2}


@dataclass(frozen=True)
class Checked:
    card: StreamCard
    status: Status
    verdict: Verdict
    fit: float
    reasons: list[Reason]


def verdict_for(
    *, session: Session, profile: Profile, stream_slug: str, today: dt.date
) -> Verdict | None:
    """The profile's verdict on one stream (None if the stream is not in the catalogue)."""
    catalogue = current_catalogue(session)
    card = next((c for c in catalogue.streams if c.slug == stream_slug), None)
    if card is None:
        return None
    return verdict(check(profile, card.rules, catalogue.names))


def check_eligibility(
    *,
    session: Session,
    profile: Profile,
    today: dt.date,
    include_closed: bool = False,
    include_ineligible: bool = False,
    limit: int = 50,
    offset: int = 0,
    among: Collection[int] | None = None,
) -> tuple[list[Checked], dict[str, int]]:
    """Verdicts for the profile, best first (`limit` of them from `offset`), and how many
    streams got each verdict; with `among`, only those streams (pks) are checked.

    Closed rounds are left out unless `include_closed`: nobody can apply to them.
    """
    catalogue = current_catalogue(session)
    # Verdicts first (plain comparisons); messages only for the streams returned.
    decided: list[tuple[StreamCard, Status, Verdict, float]] = []
    counts = {"checked": 0, "eligible": 0, "unclear": 0, "ineligible": 0}
    for card, status in catalogue.with_status(today, include_closed=include_closed):
        if among is not None and card.rules.pk not in among:
            continue
        outcome = quick_verdict(profile, card.rules)
        counts[outcome] += 1
        if outcome == "ineligible" and not include_ineligible:
            continue
        score = 0.0 if outcome == "ineligible" else fit(profile, card.rules, today=today)
        decided.append((card, status, outcome, score))
    counts["checked"] = counts["eligible"] + counts["unclear"] + counts["ineligible"]
    decided.sort(key=lambda d: (_ORDER[d[2]], -d[3], d[0].slug))
    shown = [
        Checked(card, status, outcome, score, check(profile, card.rules, catalogue.names))
        for card, status, outcome, score in decided[offset : offset + limit]
    ]
    return shown, counts


def explain(
    *, session: Session, profile: Profile, stream_slugs: Collection[str]
) -> dict[str, tuple[Verdict, list[Reason]]]:
    """The profile's verdict and reasons on each of these streams (those in the catalogue): the
    pages show them beside search results, whatever their order."""
    catalogue = current_catalogue(session)
    wanted = set(stream_slugs)
    found: dict[str, tuple[Verdict, list[Reason]]] = {}
    for card in catalogue.streams:
        if card.slug in wanted:
            reasons = check(profile, card.rules, catalogue.names)
            found[card.slug] = (verdict(reasons), reasons)
    return found
