"""Funding streams (opportunities or rounds): what they fund, where, and who may apply."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    Numeric,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base
from app.funders.models import Funder
from app.reference.models import Tagged


class FundingStream(Tagged, Base):
    __tablename__ = "funding_streams"
    __table_args__ = (
        CheckConstraint("min_award_pence IS NULL OR min_award_pence >= 0", name="min_award_nonneg"),
        CheckConstraint(
            "min_award_pence IS NULL OR max_award_pence IS NULL "
            "OR min_award_pence <= max_award_pence",
            name="min_award_le_max",
        ),
        CheckConstraint(
            "age_min IS NULL OR age_max IS NULL OR age_min <= age_max", name="age_order"
        ),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    funder_pk: Mapped[int] = mapped_column(ForeignKey("funders.pk"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(500))

    # No closing date means a rolling programme.
    opens_on: Mapped[dt.date | None] = mapped_column(Date)
    closes_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    decision_expected_on: Mapped[dt.date | None] = mapped_column(Date)
    programme_start: Mapped[dt.date | None] = mapped_column(Date)
    programme_end: Mapped[dt.date | None] = mapped_column(Date)

    # Money in integer pence: exact, and comparable in SQL.
    total_budget_pence: Mapped[int | None] = mapped_column(BigInteger)
    min_award_pence: Mapped[int | None] = mapped_column(BigInteger)
    max_award_pence: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    max_duration_months: Mapped[int | None] = mapped_column(Integer)
    multi_year: Mapped[bool | None] = mapped_column(Boolean)
    match_funding_required: Mapped[bool | None] = mapped_column(Boolean)

    age_min: Mapped[int | None] = mapped_column(Integer)
    age_max: Mapped[int | None] = mapped_column(Integer)

    # Demonstration rounds that are not real opportunities; every answer showing them says so.
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    # From the source: when the round was announced, else when it opened; None when the source
    # gives neither (never the time it was loaded: an old round would look new).
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    # Soft delete: a deleted stream leaves every read path but stays restorable and in the log.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # Optimistic concurrency: every UPDATE says `WHERE version = <the version read>` and bumps it.
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own dict

    funder: Mapped[Funder] = relationship(lazy="joined", innerjoin=True)
    eligibility: Mapped[EligibilityRules | None] = relationship(
        back_populates="stream", cascade="all, delete-orphan", lazy="selectin", uselist=False
    )
    terms: Mapped[list[StreamTerm]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="StreamTerm.slug"
    )
    boroughs: Mapped[list[StreamBorough]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="StreamBorough.gss_code"
    )
    sources: Mapped[list[StreamSource]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="StreamSource.position"
    )


class EligibilityRules(Base):
    """Who may apply to a stream. Empty columns mean the stream sets no such rule."""

    __tablename__ = "eligibility_rules"
    __table_args__ = (
        CheckConstraint(
            "income_min_pence IS NULL OR income_max_pence IS NULL "
            "OR income_min_pence <= income_max_pence",
            name="income_order",
        ),
        CheckConstraint(
            "(max_grant_to_income_numerator IS NULL AND max_grant_to_income_denominator IS NULL)"
            " OR (max_grant_to_income_numerator > 0"
            " AND max_grant_to_income_numerator <= max_grant_to_income_denominator)",
            name="grant_ratio_fraction",
        ),
    )

    stream_pk: Mapped[int] = mapped_column(
        ForeignKey("funding_streams.pk", ondelete="CASCADE"), primary_key=True
    )
    income_min_pence: Mapped[int | None] = mapped_column(BigInteger)
    income_max_pence: Mapped[int | None] = mapped_column(BigInteger)
    min_years_operating: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    # A grant may be at most this share of the applicant's annual income, kept as a fraction:
    # "up to a third" is exactly 1/3, which no decimal column holds (0.3333 refused £5,000 on
    # £15,000 of income). Both set, or neither.
    max_grant_to_income_numerator: Mapped[int | None] = mapped_column(Integer)
    max_grant_to_income_denominator: Mapped[int | None] = mapped_column(Integer)
    registered_number_required: Mapped[bool | None] = mapped_column(Boolean)
    safeguarding_policy_required: Mapped[bool | None] = mapped_column(Boolean)
    london_based_required: Mapped[bool | None] = mapped_column(Boolean)
    partnerships_allowed: Mapped[bool | None] = mapped_column(Boolean)
    other_criteria: Mapped[str] = mapped_column(Text, default="")

    stream: Mapped[FundingStream] = relationship(back_populates="eligibility")

    @property
    def max_grant_to_income_ratio(self) -> Fraction | None:
        return ratio(self.max_grant_to_income_numerator, self.max_grant_to_income_denominator)

    @max_grant_to_income_ratio.setter
    def max_grant_to_income_ratio(self, value: Fraction | None) -> None:
        self.max_grant_to_income_numerator = None if value is None else value.numerator
        self.max_grant_to_income_denominator = None if value is None else value.denominator


def ratio(numerator: int | None, denominator: int | None) -> Fraction | None:
    """The stored grant-to-income ratio."""
    return None if numerator is None or denominator is None else Fraction(numerator, denominator)


class StreamTerm(Base):
    """One vocabulary term a stream is tagged with (activity, violence type, applicant type …)."""

    __tablename__ = "stream_terms"
    __table_args__ = (
        ForeignKeyConstraint(
            ["vocabulary", "slug"],
            ["vocabulary_terms.vocabulary", "vocabulary_terms.slug"],
            name="fk_stream_terms_term_vocabulary_terms",
        ),
    )

    stream_pk: Mapped[int] = mapped_column(
        ForeignKey("funding_streams.pk", ondelete="CASCADE"), primary_key=True
    )
    vocabulary: Mapped[str] = mapped_column(String(40), primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), primary_key=True)


class StreamBorough(Base):
    """A borough a stream covers; a stream with none covers all London."""

    __tablename__ = "stream_boroughs"

    stream_pk: Mapped[int] = mapped_column(
        ForeignKey("funding_streams.pk", ondelete="CASCADE"), primary_key=True
    )
    gss_code: Mapped[str] = mapped_column(
        ForeignKey("boroughs.gss_code"), primary_key=True, index=True
    )


class StreamSource(Base):
    """A public page a stream's facts were read from."""

    __tablename__ = "stream_sources"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    stream_pk: Mapped[int] = mapped_column(
        ForeignKey("funding_streams.pk", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str] = mapped_column(String(500))
    title: Mapped[str] = mapped_column(String(300), default="")
    # The date printed on the page; empty when the page is undated.
    published_on: Mapped[dt.date | None] = mapped_column(Date)


FundingStream.term_model = StreamTerm
FundingStream.borough_model = StreamBorough
