"""Events for subscribers, written to the outbox in the transaction of the change behind them.

Write paths call `record_stream_events` with the stream as it was and as it is; the worker calls
`enqueue_closing_reminders` once in a while. Neither commits: the caller's transaction decides,
so an event exists exactly when its change does.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.core.clock import utcnow
from app.core.money import pence_to_pounds
from app.core.settings import get_settings
from app.eligibility.profile import profile_of
from app.eligibility.service import verdict_for
from app.publishing.matching import SavedFilters, StreamSnapshot, is_news, stream_matches
from app.publishing.models import OutboxEvent, Subscription
from app.publishing.schemas import EligibilityProfile
from app.streams.filters import TERM_FILTERS
from app.streams.models import FundingStream

REMINDER_DAYS = (14, 3)
# What a "changed" event reports: closing date and money.
WATCHED_FIELDS = ("closes_on", "min_award_pence", "max_award_pence", "total_budget_pence")


def new_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def snapshot_of(stream: FundingStream) -> StreamSnapshot:
    """Captures a stream for `record_stream_events` (take `before` ahead of the change)."""
    return StreamSnapshot(
        slug=stream.slug,
        name=stream.name,
        funder=stream.funder.slug,
        url=stream.url,
        opens_on=stream.opens_on,
        closes_on=stream.closes_on,
        programme_end=stream.programme_end,
        min_award_pence=stream.min_award_pence,
        max_award_pence=stream.max_award_pence,
        total_budget_pence=stream.total_budget_pence,
        age_min=stream.age_min,
        age_max=stream.age_max,
        boroughs=frozenset(stream.borough_codes()),
        terms={name: frozenset(stream.slugs(name)) for name in TERM_FILTERS},
        illustrative=stream.illustrative,
    )


def subscription_matches(
    session: Session, subscription: Subscription, stream: StreamSnapshot, *, today: dt.date
) -> bool:
    """The one place that decides whether a subscription wants to hear about a stream.

    A saved search matches as the search would; an eligibility profile matches the streams the
    eligibility check does not find it ineligible for (eligible or unclear), as long as they
    are not closed.
    """
    if subscription.profile is not None:
        if not is_news(stream, today=today):
            return False
        profile = profile_of(EligibilityProfile.model_validate(subscription.profile))
        found = verdict_for(session=session, profile=profile, stream_slug=stream.slug, today=today)
        return found in ("eligible", "unclear")
    return stream_matches(SavedFilters.from_json(subscription.filters or {}), stream)


def _listening(session: Session) -> Iterator[Subscription]:
    """Subscriptions that may be sent events: webhooks, and emails once confirmed."""
    stmt = select(Subscription).where(
        (Subscription.webhook_url.is_not(None)) | (Subscription.confirmed_at.is_not(None))
    )
    yield from session.scalars(stmt.order_by(Subscription.pk))


def _money(pence: int | None) -> int | float | None:
    return pence_to_pounds(pence)


def stream_payload(stream: StreamSnapshot, *, today: dt.date) -> dict[str, Any]:
    base = get_settings().public_base_url.rstrip("/")
    return {
        "id": stream.slug,
        "name": stream.name,
        "funder": stream.funder,
        "url": stream.url,
        "api_url": f"{base}/v1/streams/{stream.slug}",
        "status": stream.status(today),
        "opens_on": stream.opens_on.isoformat() if stream.opens_on else None,
        "closes_on": stream.closes_on.isoformat() if stream.closes_on else None,
        "min_award": _money(stream.min_award_pence),
        "max_award": _money(stream.max_award_pence),
        "total_budget": _money(stream.total_budget_pence),
        "illustrative": stream.illustrative,
    }


def _changes(before: StreamSnapshot, after: StreamSnapshot) -> dict[str, dict[str, Any]]:
    changes: dict[str, dict[str, Any]] = {}
    for name in WATCHED_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            key = name.removesuffix("_pence")
            if name.endswith("_pence"):
                old, new = _money(old), _money(new)
            else:
                old = old.isoformat() if old else None
                new = new.isoformat() if new else None
            changes[key] = {"from": old, "to": new}
    return changes


def _add(
    session: Session,
    subscription: Subscription,
    *,
    type: str,
    stream: StreamSnapshot | None,
    data: dict[str, Any],
    now: dt.datetime,
) -> OutboxEvent:
    message_id = new_message_id()
    event = OutboxEvent(
        message_id=message_id,
        subscription_pk=subscription.pk,
        type=type,
        stream_slug=stream.slug if stream else None,
        payload={"type": type, "timestamp": now.isoformat(), "data": data},
        instant=subscription.channel == "webhook" or type == "subscription.confirm",
        state="pending",
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )
    session.add(event)
    return event


def queue_confirmation(session: Session, subscription: Subscription) -> OutboxEvent:
    """Queues the email asking a new email subscriber to confirm (sent before anything else)."""
    event = _add(
        session,
        subscription,
        type="subscription.confirm",
        stream=None,
        data={"subscription": subscription.public_id},
        now=utcnow(),
    )
    session.flush()
    return event


def record_stream_events(
    session: Session, *, before: StreamSnapshot | None, after: StreamSnapshot
) -> list[OutboxEvent]:
    """Queues `stream.published` (no `before`) or `stream.changed` (closing date or money
    changed) for every subscription the stream matches. Seed loads do not call this."""
    now = utcnow()
    today = now.date()
    if not is_news(after, today=today):
        return []
    if before is None:
        type, data = "stream.published", {"stream": stream_payload(after, today=today)}
    else:
        changes = _changes(before, after)
        if not changes:
            return []
        type = "stream.changed"
        data = {"stream": stream_payload(after, today=today), "changes": changes}
    events = [
        _add(session, s, type=type, stream=after, data=data, now=now)
        for s in _listening(session)
        if subscription_matches(session, s, after, today=today)
    ]
    session.flush()
    return events


def reminder_due(closes_on: dt.date | None, today: dt.date) -> int | None:
    """Which reminder (14 or 3 days) is due for a stream closing on `closes_on`, if any."""
    if closes_on is None or closes_on < today:
        return None
    days_left = (closes_on - today).days
    due = [d for d in REMINDER_DAYS if days_left <= d]
    return min(due) if due else None


def enqueue_closing_reminders(session: Session, today: dt.date) -> int:
    """Queues `stream.closing` reminders due on `today`; idempotent (one per stream,
    subscription, kind and closing date, so a deadline moved later is reminded again)."""
    now = utcnow()
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    streams = session.scalars(
        select(FundingStream).where(
            FundingStream.closes_on >= today,
            FundingStream.closes_on <= horizon,
            FundingStream.deleted_at.is_(None),
        )
    ).all()
    if not streams:
        return 0
    subscriptions = list(_listening(session))
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    queued = 0
    for stream in streams:
        snapshot = snapshot_of(stream)
        days = reminder_due(snapshot.closes_on, today)
        if days is None or snapshot.closes_on is None or not is_news(snapshot, today=today):
            continue
        # `reminder` names which reminder this is (and keys its dedupe); `days_left` is the truth.
        data = {
            "stream": stream_payload(snapshot, today=today),
            "days_left": (snapshot.closes_on - today).days,
            "reminder": days,
        }
        for subscription in subscriptions:
            if not subscription_matches(session, subscription, snapshot, today=today):
                continue
            key = f"closing:{days}:{snapshot.slug}:{snapshot.closes_on}"
            stmt = insert(OutboxEvent).values(
                message_id=new_message_id(),
                subscription_pk=subscription.pk,
                type="stream.closing",
                stream_slug=snapshot.slug,
                dedupe_key=key,
                payload={"type": "stream.closing", "timestamp": now.isoformat(), "data": data},
                instant=subscription.channel == "webhook",
                state="pending",
                attempts=0,
                created_at=now,
                next_attempt_at=now,
            )
            added = session.scalars(
                stmt.on_conflict_do_nothing(
                    index_elements=["subscription_pk", "dedupe_key"]
                ).returning(OutboxEvent.pk)
            ).all()
            queued += len(added)
    return queued
