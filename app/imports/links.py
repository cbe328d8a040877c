"""The rows an imported award links to: its boroughs (award_boroughs) and, when the grant names
Signpost's classifications, its terms (award_terms). Read for the awards a batch updates, and
written with the awards, in the import's transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Table, delete, select
from sqlalchemy.orm import Session

from app.awards.models import AwardBorough, AwardTerm
from app.core.bulk import insert_many
from app.imports.mapping import GrantRecord

Term = tuple[str, str]


class CurrentLinks:
    """The boroughs and terms the awards with these pks have now."""

    def __init__(self, session: Session, pks: list[int]) -> None:
        self.boroughs: dict[int, set[str]] = defaultdict(set)
        self.terms: dict[int, set[Term]] = defaultdict(set)
        if not pks:
            return
        for pk, code in session.execute(
            select(AwardBorough.award_pk, AwardBorough.gss_code).where(
                AwardBorough.award_pk.in_(pks)
            )
        ):
            self.boroughs[pk].add(code)
        for pk, vocabulary, slug in session.execute(
            select(AwardTerm.award_pk, AwardTerm.vocabulary, AwardTerm.slug).where(
                AwardTerm.award_pk.in_(pks)
            )
        ):
            self.terms[pk].add((vocabulary, slug))

    def changes(self, pk: int, record: GrantRecord) -> dict[str, tuple[Any, Any]]:
        """What the grant changes in the award's links: `boroughs` and `terms`, before and
        after (terms only when the grant names Signpost's)."""
        changed: dict[str, tuple[Any, Any]] = {}
        if self.boroughs[pk] != set(record.borough_codes):
            changed["boroughs"] = (sorted(self.boroughs[pk]), list(record.borough_codes))
        if record.terms is not None and self.terms[pk] != set(record.terms):
            changed["terms"] = (sorted(self.terms[pk]), list(record.terms))
        return changed


def _insert(session: Session, boroughs: list[dict[str, Any]], terms: list[dict[str, Any]]) -> None:
    insert_many(session, cast(Table, AwardBorough.__table__), boroughs)
    insert_many(session, cast(Table, AwardTerm.__table__), terms)


def insert_links(session: Session, created: Iterable[tuple[int, GrantRecord]]) -> None:
    """The boroughs and terms of newly created awards."""
    boroughs: list[dict[str, Any]] = []
    terms: list[dict[str, Any]] = []
    for pk, record in created:
        boroughs += [{"award_pk": pk, "gss_code": c} for c in record.borough_codes]
        terms += [{"award_pk": pk, "vocabulary": v, "slug": s} for v, s in record.terms or ()]
    _insert(session, boroughs, terms)


def replace_links(session: Session, changed: Iterable[tuple[int, dict[str, Any]]]) -> None:
    """Rewrites the boroughs and terms that changes name (pk, changes as CurrentLinks gives)."""
    boroughs: list[dict[str, Any]] = []
    terms: list[dict[str, Any]] = []
    moved: list[int] = []
    retagged: list[int] = []
    for pk, changes in changed:
        if "boroughs" in changes:
            moved.append(pk)
            boroughs += [{"award_pk": pk, "gss_code": c} for c in changes["boroughs"][1]]
        if "terms" in changes:
            retagged.append(pk)
            terms += [{"award_pk": pk, "vocabulary": v, "slug": s} for v, s in changes["terms"][1]]
    if moved:
        session.execute(delete(AwardBorough).where(AwardBorough.award_pk.in_(moved)))
    if retagged:
        session.execute(delete(AwardTerm).where(AwardTerm.award_pk.in_(retagged)))
    _insert(session, boroughs, terms)
