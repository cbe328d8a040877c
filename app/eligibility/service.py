"""Checking an applicant profile against every stream that is not closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.eligibility.catalogue import StreamCard, current_catalogue
from app.eligibility.facts import Profile, Reason, Verdict
from app.eligibility.fit import fit
from app.eligibility.rules import check, verdict
from app.streams.status import Status, stream_status

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
) -> tuple[list[Checked], dict[str, int]]:
    """Verdicts for the profile, best first, and how many streams got each verdict.

    Closed rounds are left out unless `include_closed`: nobody can apply to them.
    """
    catalogue = current_catalogue(session)
    checked: list[Checked] = []
    for card in catalogue.streams:
        rules = card.rules
        status = stream_status(rules.opens_on, rules.closes_on, rules.programme_end, today=today)
        if status == "closed" and not include_closed:
            continue
        reasons = check(profile, rules, catalogue.names)
        outcome = verdict(reasons)
        score = 0.0 if outcome == "ineligible" else fit(profile, rules, today=today)
        checked.append(Checked(card, status, outcome, score, reasons))
    counts = {"checked": len(checked), "eligible": 0, "unclear": 0, "ineligible": 0}
    for c in checked:
        counts[c.verdict] += 1
    shown = [c for c in checked if include_ineligible or c.verdict != "ineligible"]
    shown.sort(key=lambda c: (_ORDER[c.verdict], -c.fit, c.card.slug))
    return shown[:limit], counts
