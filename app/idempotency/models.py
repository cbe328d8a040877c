"""Answers to POSTs sent with an `Idempotency-Key`, kept so that a retry gets the same answer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("api_key_pk", "key"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Keys are per API key: two callers may happen to choose the same one.
    api_key_pk: Mapped[int] = mapped_column(ForeignKey("api_keys.pk", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    # sha256 of method, path and the canonical JSON of the body.
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
