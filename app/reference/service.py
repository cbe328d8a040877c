"""Boroughs and vocabularies, and the checks every other domain uses to validate references."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import InvalidInput, NotFound
from app.reference.known import forget, known
from app.reference.models import VOCABULARIES, Borough, VocabularyTerm


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
    """Returns the codes if every one is a London borough's GSS code, else a 422 naming `loc`."""
    if not codes:
        return []
    if not set(codes) <= known(session).boroughs:
        forget(session)
        valid = set(session.scalars(select(Borough.gss_code)).all())
        unknown = [c for c in codes if c not in valid]
        if unknown:
            raise InvalidInput.field(
                loc,
                f"Unknown borough code(s): {', '.join(unknown)}. "
                f"Use a London borough GSS code: {', '.join(sorted(valid))}.",
            )
    return list(dict.fromkeys(codes))


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
