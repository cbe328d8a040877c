"""Boroughs and the controlled vocabularies every other table refers to."""

from __future__ import annotations

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
