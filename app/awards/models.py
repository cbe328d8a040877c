"""Awards: grants already made, with where and what they fund and where the record came from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base
from app.funders.models import Funder
from app.organisations.models import Organisation
from app.reference.models import Tagged
from app.streams.models import FundingStream

# Vocabularies an award is tagged with (a subset of a stream's).
AWARD_VOCABULARIES: tuple[str, ...] = ("activity", "violence_type", "beneficiary_group")


class Award(Tagged, Base):
    __tablename__ = "awards"
    __table_args__ = (
        CheckConstraint("amount_pence >= 0", name="amount_nonneg"),
        CheckConstraint(
            "planned_start IS NULL OR planned_end IS NULL OR planned_start <= planned_end",
            name="planned_order",
        ),
        CheckConstraint("provenance IN ('seed', 'manual', 'import')", name="known_provenance"),
        CheckConstraint(
            "(recipient_pk IS NULL) <> (recipient_individual IS NULL)", name="one_recipient"
        ),
        Index("ix_awards_award_date_pk", "award_date", "pk"),
        # An organisation's history and its totals by funder and year, read from the index alone;
        # partial, so that leaving deleted awards out needs no visit to the table. `deleted_at`
        # (always NULL here) is a column too: SQLite takes an index as covering only when it
        # holds every column the query names, its own WHERE clause's included.
        Index(
            "ix_awards_recipient_history",
            "recipient_pk",
            "award_date",
            "funder_pk",
            "currency",
            "amount_pence",
            # The overlap check reads the awards with no planned start from here, by award date.
            "planned_start",
            "planned_end",
            "deleted_at",
            # For PostgreSQL's index-only scans (SQLite has the rowid).
            "pk",
            postgresql_where=text("deleted_at IS NULL"),
            sqlite_where=text("deleted_at IS NULL"),
        ),
        # The overlap check reads a recipient's awards latest planned start first, from this
        # index alone (it holds every column the search's conditions name).
        Index(
            "ix_awards_recipient_planned",
            "recipient_pk",
            "planned_start",
            "planned_end",
            "deleted_at",
            "pk",
        ),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The 360Giving grant identifier (`360G-…`): the award's public id.
    identifier: Mapped[str] = mapped_column(String(200), unique=True)
    funder_pk: Mapped[int] = mapped_column(ForeignKey("funders.pk"), index=True)
    stream_pk: Mapped[int | None] = mapped_column(ForeignKey("funding_streams.pk"), index=True)
    # Looked up through ix_awards_recipient_planned, which leads with it. NULL for a grant to a
    # person, whose only trace is `recipient_individual`.
    recipient_pk: Mapped[int | None] = mapped_column(ForeignKey("organisations.pk"))
    # A grant to a person (360Giving `recipientIndividual`): the funder's id for them and the
    # standard's codes (`primaryGrantReason`, `secondaryGrantReason`, `grantPurpose`), never a
    # name. Exactly one of this and `recipient_pk` is set.
    recipient_individual: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    title: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    # Empty when the source gives no date (nothing is invented).
    award_date: Mapped[dt.date | None] = mapped_column(Date)
    planned_start: Mapped[dt.date | None] = mapped_column(Date)
    planned_end: Mapped[dt.date | None] = mapped_column(Date)

    # Where the record came from: the page that states it, and how it entered Signpost.
    source_url: Mapped[str | None] = mapped_column(String(500))
    source_title: Mapped[str | None] = mapped_column(String(300))
    source_date: Mapped[dt.date | None] = mapped_column(Date)
    provenance: Mapped[str] = mapped_column(String(10), default="manual")
    import_file: Mapped[str | None] = mapped_column(String(300))
    import_row: Mapped[int | None] = mapped_column(Integer)
    # Beneficiary locations that are not London boroughs, as published ("Birmingham E08000025").
    locations: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The original 360Giving grant of an imported award, so that nothing in it is dropped.
    raw: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    # Soft delete: a deleted award leaves every read path but stays restorable and in the log.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # Optimistic concurrency: every UPDATE says `WHERE version = <the version read>` and bumps it.
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own dict

    funder: Mapped[Funder] = relationship(lazy="joined", innerjoin=True)
    stream: Mapped[FundingStream | None] = relationship(lazy="joined")
    recipient: Mapped[Organisation | None] = relationship(lazy="joined")
    terms: Mapped[list[AwardTerm]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="AwardTerm.slug"
    )
    boroughs: Mapped[list[AwardBorough]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="AwardBorough.gss_code"
    )


class AwardTerm(Base):
    __tablename__ = "award_terms"
    __table_args__ = (
        ForeignKeyConstraint(
            ["vocabulary", "slug"],
            ["vocabulary_terms.vocabulary", "vocabulary_terms.slug"],
            name="fk_award_terms_term_vocabulary_terms",
        ),
        # Filters go from a term to its awards.
        Index("ix_award_terms_vocabulary_slug", "vocabulary", "slug", "award_pk"),
    )

    award_pk: Mapped[int] = mapped_column(
        ForeignKey("awards.pk", ondelete="CASCADE"), primary_key=True
    )
    vocabulary: Mapped[str] = mapped_column(String(40), primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), primary_key=True)


class AwardBorough(Base):
    __tablename__ = "award_boroughs"
    # The overlap check goes from a borough to its awards without reading the table.
    __table_args__ = (Index("ix_award_boroughs_gss_code_award_pk", "gss_code", "award_pk"),)

    award_pk: Mapped[int] = mapped_column(
        ForeignKey("awards.pk", ondelete="CASCADE"), primary_key=True
    )
    # Looked up through ix_award_boroughs_gss_code_award_pk, which leads with it.
    gss_code: Mapped[str] = mapped_column(ForeignKey("boroughs.gss_code"), primary_key=True)


Award.term_model = AwardTerm
Award.borough_model = AwardBorough
