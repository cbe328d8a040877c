"""The public change log: every write, who made it, and what it changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base

RESOURCES: tuple[str, ...] = ("funder", "stream", "award")
ACTIONS: tuple[str, ...] = ("create", "update", "delete", "restore")


class Change(Base):
    __tablename__ = "changes"
    __table_args__ = (
        CheckConstraint("resource IN ('funder', 'stream', 'award')", name="known_resource"),
        CheckConstraint("action IN ('create', 'update', 'delete', 'restore')", name="known_action"),
        Index("ix_changes_resource_pk", "resource", "pk"),
        Index("ix_changes_txid_pk", "txid", "pk"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The writing transaction's id on PostgreSQL (0 on SQLite, where writes are serial). The feed
    # is ordered by (txid, pk) and shows only transactions older than every one still running,
    # so an entry can never commit behind a cursor a reader has already passed.
    txid: Mapped[int] = mapped_column(BigInteger, default=0)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    # The name of the API key (or import) that wrote.
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(10))
    resource: Mapped[str] = mapped_column(String(20))
    # The public id: a funder's or stream's slug, an award's 360Giving id.
    resource_id: Mapped[str] = mapped_column(String(200), index=True)
    # {field: {"before": …, "after": …}} for the fields that changed, in API units (pounds, slugs).
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
