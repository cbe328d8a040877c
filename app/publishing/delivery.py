"""Claiming outbox events with a lease, sending webhooks, and recording each attempt.

Claiming is one UPDATE over a sub-select: on PostgreSQL the sub-select takes `FOR UPDATE SKIP
LOCKED`, so concurrent workers claim disjoint rows without waiting for each other; on SQLite the
UPDATE runs under the database's single writer lock (and workers also take `WorkerLock`, see
worker.py). A claimed row carries `lease_owner` and `lease_until`: if its worker dies, the row is
claimable again once the lease ends, so nothing is lost; a row is finished only by the worker
that holds its lease, and `webhook-id` stays the same on every retry so receivers can drop a
duplicate should a worker die between sending and recording.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session

from app.core.clock import as_utc
from app.publishing.models import DeliveryAttempt, OutboxEvent, Subscription
from app.publishing.signing import webhook_headers
from app.publishing.urlguard import UnsafeWebhookUrl

FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(hours=4)


@dataclass(frozen=True)
class Outcome:
    succeeded: bool
    status_code: int | None = None
    error: str = ""


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failure: 30 s, 1 min, 2 min … doubling, at most 4 h."""
    wait: dt.timedelta = FIRST_RETRY * 2 ** max(attempts - 1, 0)
    return min(wait, LONGEST_WAIT)


def skip_locked(session: Session, stmt: Select[Any]) -> Select[Any]:
    """Adds `FOR UPDATE SKIP LOCKED` where the database has it (PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        return stmt.with_for_update(skip_locked=True)
    return stmt


def claim_instant(
    session: Session, *, owner: str, now: dt.datetime, lease: dt.timedelta, limit: int
) -> list[int]:
    """Leases up to `limit` due events that are sent one by one; returns their pks, oldest first."""
    due = skip_locked(
        session,
        select(OutboxEvent.pk)
        .where(
            OutboxEvent.state == "pending",
            OutboxEvent.instant.is_(True),
            OutboxEvent.next_attempt_at <= now,
            or_(OutboxEvent.lease_until.is_(None), OutboxEvent.lease_until < now),
        )
        .order_by(OutboxEvent.next_attempt_at, OutboxEvent.pk)
        .limit(limit),
    )
    claimed = session.scalars(
        update(OutboxEvent)
        .where(OutboxEvent.pk.in_(due.scalar_subquery()))
        .values(lease_owner=owner, lease_until=now + lease)
        .returning(OutboxEvent.pk)
    ).all()
    return sorted(claimed)


def send_webhook(
    http: httpx.Client,
    subscription: Subscription,
    event: OutboxEvent,
    *,
    now: dt.datetime,
) -> Outcome:
    """POSTs one event, signed; any 2xx is success, anything else (or no answer) a failure."""
    url = subscription.webhook_url
    secret = subscription.webhook_secret
    if url is None or secret is None:
        return Outcome(False, error="The subscription has no webhook.")
    body = json.dumps(event.payload, separators=(",", ":"), sort_keys=True).encode()
    headers = webhook_headers(secret, event.message_id, int(now.timestamp()), body)
    try:
        # `http` is urlguard.webhook_client: it checks the host's addresses and connects to the
        # one it checked.
        response = http.post(url, content=body, headers=headers)
    except UnsafeWebhookUrl as exc:
        return Outcome(False, error=str(exc))
    except httpx.HTTPError as exc:
        return Outcome(False, error=f"{type(exc).__name__}: {exc}"[:500])
    if 200 <= response.status_code < 300:
        return Outcome(True, response.status_code)
    return Outcome(False, response.status_code, f"HTTP {response.status_code}")


def finish(
    session: Session,
    event: OutboxEvent,
    outcome: Outcome,
    *,
    owner: str,
    channel: str,
    now: dt.datetime,
    retry_window: dt.timedelta,
) -> DeliveryAttempt | None:
    """Records an attempt; the event is delivered, retried after a backoff, or failed once it
    has been failing for `retry_window`."""
    attempts = event.attempts + 1
    values: dict[str, Any] = {"attempts": attempts, "lease_owner": None, "lease_until": None}
    next_attempt: dt.datetime | None = None
    if outcome.succeeded:
        values.update(state="delivered", finished_at=now)
    elif now - as_utc(event.created_at) >= retry_window:
        values.update(state="failed", finished_at=now)
    else:
        next_attempt = now + backoff(attempts)
        values.update(next_attempt_at=next_attempt)
    session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.pk == event.pk, OutboxEvent.lease_owner == owner)
        .values(**values)
    )
    if session.get(Subscription, event.subscription_pk) is None:
        return None  # unsubscribed while we were sending: its log went with it
    attempt = DeliveryAttempt(
        subscription_pk=event.subscription_pk,
        message_id=event.message_id,
        channel=channel,
        attempted_at=now,
        succeeded=outcome.succeeded,
        status_code=outcome.status_code,
        error=outcome.error,
        event_count=1,
        next_attempt_at=next_attempt,
    )
    session.add(attempt)
    return attempt


def load_claimed(session: Session, pks: Sequence[int]) -> list[tuple[OutboxEvent, Subscription]]:
    rows = session.execute(
        select(OutboxEvent, Subscription)
        .join(Subscription, Subscription.pk == OutboxEvent.subscription_pk)
        .where(OutboxEvent.pk.in_(pks))
        .order_by(OutboxEvent.pk)
    ).all()
    return [(event, subscription) for event, subscription in rows]


def backlog(session: Session, *, now: dt.datetime) -> tuple[int, float]:
    """Events still owed (pending) and the age in seconds of the oldest (0 when none): what a
    stalled or missing `signpost worker` shows up as."""
    count, oldest = session.execute(
        select(func.count(), func.min(OutboxEvent.created_at)).where(OutboxEvent.state == "pending")
    ).one()
    age = (now - as_utc(oldest)).total_seconds() if oldest is not None else 0.0
    return int(count), max(age, 0.0)
