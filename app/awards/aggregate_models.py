"""Aggregate tables behind the priorities and gaps answers (kept by app.insights.aggregates)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base


class AwardCell(Base):
    """Money and award counts of one cell: a dimension (or pair of them), its keys, a month.

    `dims` is "" (all awards), one dimension ("borough") or a pair in DIMENSIONS order
    ("borough+activity"). An award's money is split evenly over its keys, so every award counts
    once in each table and cells add up to the sum of the awards.
    """

    __tablename__ = "award_cells"
    __table_args__ = (Index("ix_award_cells_dims_month", "dims", "month", "key_a", "key_b"),)

    dims: Mapped[str] = mapped_column(String(40), primary_key=True)
    # "" when the award states no value for the dimension (no borough: London-wide or unknown).
    key_a: Mapped[str] = mapped_column(String(80), primary_key=True)
    key_b: Mapped[str] = mapped_column(String(80), primary_key=True)
    # yyyymm of the award date; 0 for undated awards.
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    award_count: Mapped[int] = mapped_column(Integer)


class AggregatedAward(Base):
    """What each award contributed to the cells when last aggregated, so that a change can be
    taken back exactly. No foreign key: the row outlives a deleted award until refreshed."""

    __tablename__ = "aggregated_awards"

    award_pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    award_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    currency: Mapped[str] = mapped_column(String(3))
    funder: Mapped[str] = mapped_column(String(20))
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    # Space-separated keys, sorted.
    boroughs: Mapped[str] = mapped_column(Text)
    activities: Mapped[str] = mapped_column(Text)
    violence_types: Mapped[str] = mapped_column(Text)


class AwardPlace(Base):
    """One (borough, activity, beneficiary group) an award funds, with the period it runs for
    (as app.overlap.scoring.award_period infers it): the overlap check's saturation search reads
    this narrow index, one (borough, activity, group) range newest start first, instead of
    joining boroughs, terms and awards. `beneficiary_group` is "" for an award with no group.
    Undated awards have none."""

    __tablename__ = "award_places"
    __table_args__ = (
        Index(
            "ix_award_places_search",
            "gss_code",
            "activity",
            "beneficiary_group",
            "starts",
            "ends",
            "award_pk",
        ),
    )

    award_pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    gss_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    activity: Mapped[str] = mapped_column(String(80), primary_key=True)
    beneficiary_group: Mapped[str] = mapped_column(String(80), primary_key=True)
    starts: Mapped[dt.date] = mapped_column(Date)
    ends: Mapped[dt.date] = mapped_column(Date)
