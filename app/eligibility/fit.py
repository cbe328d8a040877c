"""How well a stream fits a project, from 0 to 1, for ordering eligible and unclear streams.

A weighted mean of what the profile tells: the share of the project's activities, violence types
and groups the stream funds, whether it funds the project's place, and how soon it closes (a
near deadline ranks higher: it needs acting on first). Dimensions the profile leaves empty do not
count; with none of them, only the deadline ranks.
"""

from __future__ import annotations

import datetime as dt

from app.eligibility.facts import Profile, StreamRules

WEIGHTS = {"activities": 0.4, "groups": 0.2, "violence_types": 0.15, "place": 0.15}
DEADLINE_WEIGHT = 0.1
# A stream that names nothing in a dimension funds it broadly: a middling match, not a full one.
_UNSTATED = 0.5


def _share(wanted: frozenset[str], funded: frozenset[str]) -> float:
    if not funded:
        return _UNSTATED
    return len(wanted & funded) / len(wanted)


def _place(project: frozenset[str], covered: frozenset[str]) -> float:
    if not covered:
        return 0.8  # all London: covers the project, though not aimed at its borough
    return len(project & covered) / len(project)


def deadline_score(stream: StreamRules, *, today: dt.date) -> float:
    """1 when closing within 30 days, falling to 0.2 by 180; rolling 0.5; forthcoming 0.3."""
    if stream.opens_on is not None and stream.opens_on > today:
        return 0.3
    if stream.closes_on is None:
        return 0.5
    days = (stream.closes_on - today).days
    if days <= 30:
        return 1.0
    return max(0.2, 1.0 - 0.8 * (days - 30) / 150)


def fit(profile: Profile, stream: StreamRules, *, today: dt.date) -> float:
    """The fit of `stream` to the project in `profile`, in [0, 1], rounded to 3 places."""
    scores: list[tuple[float, float]] = [(DEADLINE_WEIGHT, deadline_score(stream, today=today))]
    if profile.activities:
        scores.append((WEIGHTS["activities"], _share(profile.activities, stream.activities)))
    if profile.beneficiary_groups:
        groups = _share(profile.beneficiary_groups, stream.beneficiary_groups)
        scores.append((WEIGHTS["groups"], groups))
    if profile.violence_types:
        violence = _share(profile.violence_types, stream.violence_types)
        scores.append((WEIGHTS["violence_types"], violence))
    if profile.project_boroughs:
        scores.append((WEIGHTS["place"], _place(profile.project_boroughs, stream.boroughs)))
    total = sum(w for w, _ in scores)
    return round(sum(w * v for w, v in scores) / total, 3)
