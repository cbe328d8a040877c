"""Boroughs and vocabularies, and the checks every other domain uses to validate references."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import InvalidInput, NotFound, Problems
from app.reference.known import borough_key, forget, known
from app.reference.models import VOCABULARIES, Borough, VocabularyTerm
from app.reference.vocabularies import PLURALS


def list_boroughs(*, session: Session) -> Sequence[Borough]:
    return session.scalars(select(Borough).order_by(Borough.gss_code)).all()


def list_terms(*, session: Session, vocabulary: str) -> Sequence[VocabularyTerm]:
    """Gets the terms of one vocabulary in their curated order."""
    if vocabulary not in VOCABULARIES:
        raise NotFound(
            f"There is no vocabulary {vocabulary!r}. Vocabularies: {', '.join(VOCABULARIES)}."
        )
    stmt = (
        select(VocabularyTerm)
        .where(VocabularyTerm.vocabulary == vocabulary)
        .order_by(VocabularyTerm.position, VocabularyTerm.slug)
    )
    return session.scalars(stmt).all()


def check_boroughs(*, session: Session, codes: Sequence[str], loc: list[str | int]) -> list[str]:
    """The GSS codes of the boroughs named, each by GSS code, name or slug in any case
    ("E09000022", "Lambeth", "kingston-upon-thames"), in order and without repeats; else a 422
    naming `loc` that lists every borough's name with its code."""
    if not codes:
        return []
    found = [known(session).borough_keys.get(borough_key(c)) for c in codes]
    if None in found:
        forget(session)  # a borough seeded since the sets were read is found on a fresh read
        lookup = known(session)
        found = [lookup.borough_keys.get(borough_key(c)) for c in codes]
        unknown = [c for c, code in zip(codes, found, strict=True) if code is None]
        if unknown:
            listing = ", ".join(
                f"{name} ({code})"
                for code, name in sorted(lookup.borough_names.items(), key=lambda b: b[1])
            )
            raise InvalidInput.field(
                loc,
                f"Unknown borough(s): {', '.join(unknown)}. Name a London borough by its name "
                f"or GSS code: {listing}.",
            )
    return list(dict.fromkeys(c for c in found if c is not None))


def check_terms(
    *, session: Session, vocabulary: str, slugs: Sequence[str], loc: list[str | int]
) -> list[str]:
    """Returns the slugs if each is a term of `vocabulary`, else a 422 listing the allowed ones."""
    if not slugs:
        return []
    if not {(vocabulary, s) for s in slugs} <= known(session).terms:
        forget(session)
        allowed = session.scalars(
            select(VocabularyTerm.slug)
            .where(VocabularyTerm.vocabulary == vocabulary)
            .order_by(VocabularyTerm.slug)
        ).all()
        unknown = [s for s in slugs if s not in set(allowed)]
        if unknown:
            raise InvalidInput.field(
                loc,
                f"Unknown {vocabulary} term(s): {', '.join(unknown)}. "
                f"Allowed: {', '.join(allowed)}.",
            )
    return list(dict.fromkeys(slugs))


def check_sent_references(
    problems: Problems,
    *,
    session: Session,
    data: Any,
    sent: set[str],
    vocabularies: Iterable[str],
) -> dict[str, list[str]]:
    """The terms (one field per vocabulary, named as in `PLURALS`) and the boroughs a write's
    body sends, resolved; each unknown one goes to `problems`, so that one 422 names them all."""
    checked: dict[str, list[str]] = {}
    for vocabulary in vocabularies:
        field = PLURALS[vocabulary]
        if field in sent:
            slugs = getattr(data, field)
            check = partial(
                check_terms,
                session=session,
                vocabulary=vocabulary,
                slugs=slugs,
                loc=["body", field],
            )
            checked[field] = problems.check(check, slugs)
    if "boroughs" in sent:
        codes = data.boroughs
        check = partial(check_boroughs, session=session, codes=codes, loc=["body", "boroughs"])
        checked["boroughs"] = problems.check(check, codes)
    return checked
