"""What an award funds (its activities, violence types and beneficiary groups) as 360Giving
`classifications`, both ways: Signpost's vocabularies are published as `signpost:<vocabulary>`
with the term's slug as `code` and its label as `title`, and an import maps them back to terms.
Pure: no database.

An imported grant's stored JSON (`raw`) keeps the publisher's other classifications but not
Signpost's own: the award's terms are their one home, so the export always says what the award
holds now, and exporting then importing changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.awards.models import AWARD_VOCABULARIES
from app.imports.problems import Problem

_PREFIX = "signpost:"
Term = tuple[str, str]  # (vocabulary, slug)


def vocabulary_name(vocabulary: str) -> str:
    """How a Signpost vocabulary is named in a classification's `vocabulary`."""
    return f"{_PREFIX}{vocabulary}"


def _ours(classification: Any) -> str | None:
    """The Signpost vocabulary a classification belongs to, if it is one of ours."""
    if not isinstance(classification, dict):
        return None
    name = classification.get("vocabulary")
    if isinstance(name, str) and name.startswith(_PREFIX):
        vocabulary = name.removeprefix(_PREFIX)
        return vocabulary if vocabulary in AWARD_VOCABULARIES else None
    return None


def read_terms(
    classifications: Any, known: frozenset[Term], warnings: list[Problem]
) -> tuple[Term, ...] | None:
    """The terms a grant's classifications name; None when it names none of Signpost's (an
    award's terms are then left as they are). A code that is not a term Signpost knows is
    dropped with a warning."""
    if not isinstance(classifications, list):
        return None
    terms: list[Term] = []
    named = False
    for i, classification in enumerate(classifications):
        vocabulary = _ours(classification)
        if vocabulary is None:
            continue
        named = True
        code = classification.get("code")
        if (vocabulary, code) in known:
            terms.append((vocabulary, str(code)))
        else:
            warnings.append(
                Problem(
                    f"classifications.{i}.code",
                    f"{code!r} is not a Signpost {vocabulary} term; dropped",
                )
            )
    return tuple(sorted(set(terms))) if named else None


def without_ours(grant: dict[str, Any]) -> dict[str, Any]:
    """The grant as an award stores it (`raw`): without Signpost's own classifications, which
    live on as the award's terms. The same object when it has none."""
    classifications = grant.get("classifications")
    if not isinstance(classifications, list) or all(_ours(c) is None for c in classifications):
        return grant
    others = [c for c in classifications if _ours(c) is None]
    kept = {k: v for k, v in grant.items() if k != "classifications"}
    return kept | {"classifications": others} if others else kept


def published_classifications(
    terms: Iterable[Term], labels: Mapping[Term, str], published: Any
) -> list[Any] | None:
    """An award's classifications as exported: the publisher's own, then its terms; None when
    there is nothing to add to what was published."""
    ours = [
        {"vocabulary": vocabulary_name(v), "code": s, "title": labels.get((v, s), s)}
        for v, s in sorted(terms)
    ]
    if not ours:
        return None
    others = [c for c in published if _ours(c) is None] if isinstance(published, list) else []
    return others + ours
