"""`signpost worker`: queues closing reminders, sends webhooks and email digests.

Several workers may run at once. On PostgreSQL they claim disjoint jobs with `FOR UPDATE SKIP
LOCKED` and a lease (delivery.py). SQLite has a single writer, so there a worker first takes the
`WorkerLock` row (a lease too): one worker runs a pass at a time and the others wait their turn.
Time comes from an injected clock, so tests can move past a lease or a backoff without sleeping.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from sqlalchemy import and_, delete, exists, or_, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import utcnow
from app.core.settings import Settings
from app.publishing import delivery, email
from app.publishing.events import enqueue_closing_reminders
from app.publishing.models import DeliveryAttempt, OutboxEvent, Subscription, WorkerLock
from app.publishing.urlguard import webhook_client

logger = logging.getLogger("signpost.worker")
Clock = Callable[[], dt.datetime]
LOCK_NAME = "delivery"
# A digest that could not be handed to the SMTP server is tried again after this long.
SMTP_RETRY = dt.timedelta(minutes=5)


@dataclass
class PassReport:
    reminders: int = 0
    sent: int = 0
    failed: int = 0
    digests: int = 0


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass
class Worker:
    sessions: sessionmaker[Session]
    settings: Settings
    clock: Clock = utcnow
    owner: str = field(default_factory=_owner)
    http: httpx.Client | None = None

    @property
    def lease(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.settings.worker_lease_seconds)

    def run_once(self) -> PassReport:
        """One pass: reminders, then due webhooks and confirmations, then due digests."""
        report = PassReport()
        if not self._lock():
            return report
        try:
            with self.sessions.begin() as session:
                report.reminders = enqueue_closing_reminders(session, self.clock().date())
            self._send_instant(report)
            self._send_digests(report)
        finally:
            self._unlock()
        return report

    def run(self, *, once: bool = False) -> None:
        while True:
            report = self.run_once()
            logger.info("worker pass: %s", report)
            if once:
                return
            time.sleep(self.settings.worker_poll_seconds)

    # -- SQLite single-worker lock ------------------------------------------------------------

    def _sqlite(self) -> bool:
        bind = self.sessions.kw["bind"]
        return bool(bind.dialect.name == "sqlite")

    def _lock(self) -> bool:
        if not self._sqlite():
            return True
        now = self.clock()
        insert = sqlite.insert(WorkerLock).values(
            name=LOCK_NAME, owner=self.owner, expires_at=now + self.lease
        )
        stmt = insert.on_conflict_do_update(
            index_elements=["name"],
            set_={"owner": self.owner, "expires_at": now + self.lease},
            where=or_(WorkerLock.expires_at < now, WorkerLock.owner == self.owner),
        ).returning(WorkerLock.owner)
        with self.sessions.begin() as session:
            holder: str | None = session.scalar(stmt)
            return holder == self.owner

    def _unlock(self) -> None:
        if self._sqlite():
            with self.sessions.begin() as session:
                session.execute(
                    delete(WorkerLock).where(
                        WorkerLock.name == LOCK_NAME, WorkerLock.owner == self.owner
                    )
                )

    # -- Webhooks and confirmation emails, one event at a time --------------------------------

    def _client(self) -> httpx.Client:
        if self.http is None:
            self.http = webhook_client(
                timeout=self.settings.webhook_timeout_seconds,
                allow_private=self.settings.webhooks_allow_private,
            )
        return self.http

    def _send_instant(self, report: PassReport) -> None:
        now = self.clock()
        with self.sessions.begin() as session:
            pks = delivery.claim_instant(
                session,
                owner=self.owner,
                now=now,
                lease=self.lease,
                limit=self.settings.worker_batch_size,
            )
        if not pks:
            return
        deadline = now + self.lease - dt.timedelta(seconds=self.settings.webhook_timeout_seconds)
        with self.sessions() as session:
            claimed = delivery.load_claimed(session, pks)
            session.expunge_all()
        for event, subscription in claimed:
            # Never start a send that could outlast the lease: another worker may take it then.
            if self.clock() > deadline:
                return
            outcome = self._send_one(subscription, event)
            with self.sessions.begin() as session:
                delivery.finish(
                    session,
                    event,
                    outcome,
                    owner=self.owner,
                    channel=subscription.channel,
                    now=self.clock(),
                    retry_window=dt.timedelta(hours=self.settings.webhook_retry_hours),
                )
            if outcome.succeeded:
                report.sent += 1
            else:
                report.failed += 1

    def _send_one(self, subscription: Subscription, event: OutboxEvent) -> delivery.Outcome:
        if subscription.channel == "webhook":
            return delivery.send_webhook(self._client(), subscription, event, now=self.clock())
        try:
            email.send_email(self.settings, email.confirmation_message(self.settings, subscription))
        except (OSError, ValueError) as exc:
            return delivery.Outcome(False, error=f"{type(exc).__name__}: {exc}"[:500])
        return delivery.Outcome(True)

    # -- Email digests, at most one per subscription and period ------------------------------

    def _claim_digests(self, session: Session, now: dt.datetime) -> list[int]:
        daily, weekly = email.digest_period("daily", now), email.digest_period("weekly", now)
        not_this_period = or_(
            Subscription.last_digest_period.is_(None),
            and_(Subscription.digest == "daily", Subscription.last_digest_period != daily),
            and_(Subscription.digest == "weekly", Subscription.last_digest_period != weekly),
        )
        has_news = exists().where(
            OutboxEvent.subscription_pk == Subscription.pk,
            OutboxEvent.state == "pending",
            OutboxEvent.instant.is_(False),
        )
        due = delivery.skip_locked(
            session,
            select(Subscription.pk)
            .where(
                Subscription.email.is_not(None),
                Subscription.confirmed_at.is_not(None),
                not_this_period,
                or_(
                    Subscription.digest_lease_until.is_(None),
                    Subscription.digest_lease_until < now,
                ),
                has_news,
            )
            .order_by(Subscription.pk)
            .limit(self.settings.worker_batch_size),
        )
        return sorted(
            session.scalars(
                update(Subscription)
                .where(Subscription.pk.in_(due.scalar_subquery()))
                .values(digest_lease_owner=self.owner, digest_lease_until=now + self.lease)
                .returning(Subscription.pk)
            ).all()
        )

    def _send_digests(self, report: PassReport) -> None:
        with self.sessions.begin() as session:
            pks = self._claim_digests(session, self.clock())
        for pk in pks:
            if self._send_digest(pk):
                report.digests += 1

    def _send_digest(self, subscription_pk: int) -> bool:
        now = self.clock()
        with self.sessions() as session:
            subscription = session.get(Subscription, subscription_pk)
            if subscription is None:
                return False
            events = session.scalars(
                select(OutboxEvent)
                .where(
                    OutboxEvent.subscription_pk == subscription_pk,
                    OutboxEvent.state == "pending",
                    OutboxEvent.instant.is_(False),
                )
                .order_by(OutboxEvent.pk)
            ).all()
            session.expunge_all()
        message_id = "dig_" + secrets.token_urlsafe(18)
        error = ""
        try:
            email.send_email(
                self.settings, email.digest_message(self.settings, subscription, events)
            )
        except (OSError, ValueError) as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        done = now if not error else None
        retry_at = None if done else now + SMTP_RETRY
        with self.sessions.begin() as session:
            if session.get(Subscription, subscription_pk) is None:
                return False  # unsubscribed meanwhile
            if done:
                session.execute(
                    update(OutboxEvent)
                    .where(OutboxEvent.pk.in_([e.pk for e in events]))
                    .values(state="delivered", finished_at=done, attempts=OutboxEvent.attempts + 1)
                )
            session.execute(
                update(Subscription)
                .where(Subscription.pk == subscription_pk)
                .values(
                    last_digest_period=(
                        email.digest_period(subscription.digest, now)
                        if done
                        else subscription.last_digest_period
                    ),
                    digest_lease_owner=None,
                    # A failed digest waits out a backoff before the next try.
                    digest_lease_until=retry_at,
                )
            )
            session.add(
                DeliveryAttempt(
                    subscription_pk=subscription_pk,
                    message_id=message_id,
                    channel="email",
                    attempted_at=now,
                    succeeded=not error,
                    status_code=None,
                    error=error,
                    event_count=len(events),
                    next_attempt_at=retry_at,
                )
            )
        return not error
