"""How alike two organisation names are, once normalised. Pure functions.

Used where an organisation has no registered id (or only a funder-made `360G-…` id): the match
is then by name, reported with its score so that a person can judge.
"""

from __future__ import annotations

from collections.abc import Mapping

from rapidfuzz import fuzz, process

from app.organisations.names import match_name

# At or above this similarity two names are reported as possibly the same organisation.
SAME_NAME_THRESHOLD = 0.85


def name_similarity(a: str, b: str) -> float:
    """0..1: 1 when the names are the same once normalised.

    A name that is the other plus a place ("Hammersmith and Fulham Anti-Tribalism Movement" and
    "Anti-Tribalism Movement") scores high but below an exact match, hence the 0.95 weight on the
    token-set ratio.
    """
    return similarity_of_normalised(match_name(a), match_name(b))


def similarity_of_normalised(left: str, right: str) -> float:
    """`name_similarity` for names already reduced by `match_name`."""
    if not left or not right:
        return 0.0
    if left == right:
        return 1.0
    sort_ratio = fuzz.token_sort_ratio(left, right) / 100
    set_ratio = fuzz.token_set_ratio(left, right) / 100 * 0.95
    return round(min(1.0, max(sort_ratio, set_ratio)), 3)


def best_matches(name: str, choices: Mapping[int, str], *, limit: int) -> list[tuple[int, float]]:
    """Keys of `choices` (normalised names) at or above SAME_NAME_THRESHOLD, best first."""
    query = match_name(name)
    cutoff = SAME_NAME_THRESHOLD * 100
    # The C scorers filter; the exact score is then taken for the few that pass.
    passed = {
        key
        for scorer, weight in ((fuzz.token_sort_ratio, 1.0), (fuzz.token_set_ratio, 0.95))
        for _, _, key in process.extract(
            query, choices, scorer=scorer, score_cutoff=cutoff / weight, limit=limit
        )
    }
    passed |= {key for key, value in choices.items() if value == query}
    scored = [(key, similarity_of_normalised(query, choices[key])) for key in passed]
    scored = [(key, score) for key, score in scored if score >= SAME_NAME_THRESHOLD]
    return sorted(scored, key=lambda pair: -pair[1])[:limit]


def significant_words(name: str, *, shortest: int = 3, most: int = 4) -> list[str]:
    """The longest words of the normalised name: what a candidate search looks for."""
    words = sorted(set(match_name(name).split()), key=lambda w: (-len(w), w))
    return [w for w in words if len(w) >= shortest][:most]
