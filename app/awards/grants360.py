"""How Signpost's own things are written in 360Giving, for the export and for the import that
reads them back: funders without an org-id, grants to individuals, grant programmes (streams),
and what an award funds (its activities, violence types and beneficiary groups) as
`classifications`, both ways: Signpost's vocabularies are published as `signpost:<vocabulary>`
with the term's slug as `code` and its label as `title`, and an import maps them back to terms.
Pure: no database.

An imported grant's stored JSON (`raw`) keeps the publisher's other classifications but not
Signpost's own: the award's terms are their one home, so the export always says what the award
holds now, and exporting then importing changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards.models import AWARD_VOCABULARIES
from app.core.identifiers import InvalidOrgId, normalise_org_id
from app.reference.models import VocabularyTerm

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
    classifications: Any, known: frozenset[Term], warnings: list[tuple[str, str]]
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
                (
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


# Signpost's own 360Giving ids (for funders and organisations that have no org-id) begin so.
SIGNPOST_ID_PREFIX = "360G-signpost-"


def funder_grant_id(org_id: str | None, slug: str) -> str:
    """The id a funder is published under in 360Giving: its org-id, else Signpost's own id made
    from its slug (which an import maps back to the same funder)."""
    return org_id or f"{SIGNPOST_ID_PREFIX}{slug}"


# The standard asks publishers not to name people; a name like these says nothing about who.
GENERIC_INDIVIDUAL = "Individual Recipient"
_GENERIC_WORDS = frozenset(
    {
        *("individual", "individuals", "recipient", "anonymous", "anonymised", "anonymized"),
        *("redacted", "withheld", "applicant", "person", "private", "grant", "to", "an", "a"),
        "name",
    }
)


def read_org_id(org: dict[str, Any]) -> tuple[str, str | None]:
    """The org-id an import takes a published organisation for, and a note when it is not the
    published id: a malformed id (`GB-COH-` with no number happens) gives way to the id its
    charity or company number gives, else to a minted `360G-signpost-<name>` id, as the seed
    loader does for recipients without one. Raises InvalidOrgId when there is none."""
    try:
        return normalise_org_id(str(org.get("id"))), None
    except InvalidOrgId as exc:
        reason = str(exc)
    for number, scheme in (("charityNumber", "GB-CHC"), ("companyNumber", "GB-COH")):
        if org.get(number):
            try:
                org_id = normalise_org_id(f"{scheme}-{org[number]}")
            except InvalidOrgId:
                continue
            return org_id, f"{reason}; {org_id} taken from {number}"
    slug = slugify(str(org.get("name") or org.get("id") or ""))
    if not slug:
        raise InvalidOrgId(reason)
    org_id = f"{SIGNPOST_ID_PREFIX}{slug}"
    return org_id, f"{reason}; {org_id} minted from the name"


def is_generic_name(name: object) -> bool:
    """Whether a recipient individual's `name` is a generic label, not a person's name."""
    words = re.findall(r"[a-z]+", str(name).casefold())
    return all(w in _GENERIC_WORDS for w in words)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def name_key(text: str) -> str:
    return " ".join(text.casefold().split())


def programme_keys(title: str | None, code: str | None) -> list[str]:
    """What a grant programme may name a catalogued stream by, best first: its code (the
    stream's slug), its slugified title, its title (case and spacing aside)."""
    return [k for k in (code, slugify(title) if title else None, name_key(title or "")) if k]


def names_stream(programme: object, slug: str, name: str) -> bool:
    """Whether a published grant programme names this stream (as the import reads it)."""
    if not isinstance(programme, dict):
        return False
    keys = programme_keys(programme.get("title"), programme.get("code"))
    return slug in keys or name_key(name) in keys


def term_labels(session: Session) -> dict[Term, str]:
    """(vocabulary, slug) -> label of every term an award may be tagged with."""
    return {
        (vocabulary, slug): label
        for vocabulary, slug, label in session.execute(
            select(VocabularyTerm.vocabulary, VocabularyTerm.slug, VocabularyTerm.label).where(
                VocabularyTerm.vocabulary.in_(AWARD_VOCABULARIES)
            )
        )
    }
