"""Subscriptions (saved searches with a webhook or an email address), the outbox of events owed
to them, the log of delivery attempts, and the lock a SQLite worker holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base


class Subscription(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (
        CheckConstraint("(webhook_url IS NULL) <> (email IS NULL)", name="webhook_or_email"),
        CheckConstraint("digest IN ('daily', 'weekly')", name="known_digest"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    # SHA-256 of the management token: the token itself is shown once, at creation.
    token_hash: Mapped[str] = mapped_column(String(64))
    # A saved search (filters of GET /v1/streams) or an eligibility profile; one of the two.
    filters: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    profile: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    # Kept as given: signing needs the secret itself, as with any HMAC scheme.
    webhook_secret: Mapped[str | None] = mapped_column(String(80))
    email: Mapped[str | None] = mapped_column(String(320))
    digest: Mapped[str] = mapped_column(String(10), default="weekly")
    # Authorises the confirm and unsubscribe links of emails, nothing else; it is in every email.
    email_token: Mapped[str | None] = mapped_column(String(64))
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The digest period ("2026-11-25" or "2026-W48") of the last email sent: one per period.
    last_digest_period: Mapped[str | None] = mapped_column(String(10))
    digest_lease_owner: Mapped[str | None] = mapped_column(String(64))
    digest_lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    @property
    def channel(self) -> str:
        return "webhook" if self.webhook_url is not None else "email"


class OutboxEvent(Base):
    """An event owed to one subscription, written in the transaction of the change behind it.

    Webhook events (and email confirmations) are sent one by one; other email events wait for
    the subscription's next digest.
    """

    __tablename__ = "outbox_events"
    __table_args__ = (
        # A closing reminder is owed once per stream, subscription and kind.
        UniqueConstraint("subscription_pk", "dedupe_key"),
        CheckConstraint("state IN ('pending', 'delivered', 'failed')", name="known_state"),
        Index("ix_outbox_events_due", "state", "instant", "next_attempt_at"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The webhook-id: the same on every retry, so receivers can drop duplicates.
    message_id: Mapped[str] = mapped_column(String(40), unique=True)
    subscription_pk: Mapped[int] = mapped_column(
        ForeignKey("subscriptions.pk", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(40))
    stream_slug: Mapped[str | None] = mapped_column(String(160))
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    instant: Mapped[bool] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class DeliveryAttempt(Base):
    """One try at sending a webhook or an email, successful or not."""

    __tablename__ = "delivery_attempts"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_pk: Mapped[int] = mapped_column(
        ForeignKey("subscriptions.pk", ondelete="CASCADE"), index=True
    )
    # The webhook-id, or the digest's own id for an email.
    message_id: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(10))
    attempted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(Text, default="")
    event_count: Mapped[int] = mapped_column(Integer, default=1)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class WorkerLock(Base):
    """A named lock with a lease: on SQLite only one worker runs a pass at a time."""

    __tablename__ = "worker_locks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
