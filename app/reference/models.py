"""Boroughs and the controlled vocabularies every other table refers to."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base

# The vocabularies of DESIGN.md. Terms are rows (extensible); the vocabularies themselves are fixed
# because the API's field names (`activities`, `violence_types` …) are derived from them.
VOCABULARIES: tuple[str, ...] = (
    "activity",
    "violence_type",
    "risk_factor",
    "strand",
    "applicant_type",
    "beneficiary_group",
)


class Tagged:
    """A record tagged with vocabulary terms and boroughs (a funding stream, an award), through
    `terms` and `boroughs` relationships to its own tables of them."""

    term_model: ClassVar[type[Any]]
    borough_model: ClassVar[type[Any]]
    terms: Any
    boroughs: Any

    def slugs(self, vocabulary: str) -> list[str]:
        return sorted(t.slug for t in self.terms if t.vocabulary == vocabulary)

    def set_slugs(self, vocabulary: str, slugs: list[str]) -> bool:
        """Tags with exactly these terms of `vocabulary`; tells whether anything changed."""
        wanted = sorted(set(slugs))
        if self.slugs(vocabulary) == wanted:
            return False
        kept = [t for t in self.terms if t.vocabulary != vocabulary]
        self.terms = kept + [self.term_model(vocabulary=vocabulary, slug=s) for s in wanted]
        return True

    def borough_codes(self) -> list[str]:
        return sorted(b.gss_code for b in self.boroughs)

    def set_boroughs(self, codes: list[str]) -> bool:
        """Covers exactly these boroughs; tells whether anything changed."""
        wanted = sorted(set(codes))
        if self.borough_codes() == wanted:
            return False
        self.boroughs = [self.borough_model(gss_code=c) for c in wanted]
        return True


class Borough(Base):
    __tablename__ = "boroughs"

    gss_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    official_name: Mapped[str] = mapped_column(String(200))
    org_id: Mapped[str] = mapped_column(String(50))
    inner_london: Mapped[bool] = mapped_column(Boolean)
    # ONS 2018-based subnational population projection for 2020 (boroughs.csv).
    population: Mapped[int] = mapped_column(Integer)


class VocabularyTerm(Base):
    __tablename__ = "vocabulary_terms"
    __table_args__ = (
        CheckConstraint(
            "vocabulary IN (" + ", ".join(f"'{v}'" for v in VOCABULARIES) + ")",
            name="known_vocabulary",
        ),
    )

    vocabulary: Mapped[str] = mapped_column(String(40), primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
