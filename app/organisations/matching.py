"""How alike two organisation names are, once normalised. Pure functions.

Used where an organisation has no registered id (or only a funder-made `360G-…` id): the match
is then by name, reported with its score so that a person can judge.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from app.organisations.names import match_name

# At or above this similarity two names are reported as possibly the same organisation.
SAME_NAME_THRESHOLD = 0.85


def name_similarity(a: str, b: str) -> float:
    """0..1: 1 when the names are the same once normalised.

    A name that is the other plus a place ("Hammersmith and Fulham Anti-Tribalism Movement" and
    "Anti-Tribalism Movement") scores high but below an exact match, hence the 0.95 weight on the
    token-set ratio.
    """
    left, right = match_name(a), match_name(b)
    if not left or not right:
        return 0.0
    if left == right:
        return 1.0
    sort_ratio = fuzz.token_sort_ratio(left, right) / 100
    set_ratio = fuzz.token_set_ratio(left, right) / 100 * 0.95
    return round(min(1.0, max(sort_ratio, set_ratio)), 3)


def significant_words(name: str, *, shortest: int = 3, most: int = 4) -> list[str]:
    """The longest words of the normalised name: what a candidate search looks for."""
    words = sorted(set(match_name(name).split()), key=lambda w: (-len(w), w))
    return [w for w in words if len(w) >= shortest][:most]
