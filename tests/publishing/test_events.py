from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.publishing import service
from app.publishing.events import (
    enqueue_closing_reminders,
    record_stream_events,
    reminder_due,
    snapshot_of,
)
from app.publishing.models import OutboxEvent, Subscription
from app.publishing.schemas import EligibilityProfile, SearchFilters, SubscriptionCreate
from app.streams.search_index import reindex_streams
from tests.factories import add_stream

HOOK = "http://127.0.0.1:9/hook"


def webhook(session: Session, **search: object) -> Subscription:
    data = SubscriptionCreate(webhook_url=HOOK, search=SearchFilters.model_validate(search))
    subscription, _ = service.create_subscription(session=session, data=data)
    return subscription


def events_for(session: Session, subscription: Subscription) -> list[OutboxEvent]:
    return list(
        session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.subscription_pk == subscription.pk)
            .order_by(OutboxEvent.pk)
        )
    )


def test_a_new_matching_stream_queues_one_published_event_per_matching_subscription(
    session: Session,
) -> None:
    mentoring = webhook(session, activity=["mentoring"], borough=["E09000023"])
    sport = webhook(session, activity=["sport"])
    stream = add_stream(session, "new-mentoring-round", boroughs=("E09000023",))
    record_stream_events(session, before=None, after=snapshot_of(stream))
    [event] = events_for(session, mentoring)
    assert event.type == "stream.published" and event.instant and event.state == "pending"
    assert event.payload["data"]["stream"]["id"] == "new-mentoring-round"
    assert event.payload["data"]["stream"]["max_award"] == 10000
    assert event.payload["data"]["stream"]["illustrative"] is True  # test rounds are demos
    assert events_for(session, sport) == []


def test_closing_date_or_money_changes_queue_a_changed_event_and_other_edits_do_not(
    session: Session,
) -> None:
    subscription = webhook(session, activity=["mentoring"])
    stream = add_stream(session, "changing-round")
    before = snapshot_of(stream)
    renamed = dataclasses.replace(before, name="A new name")
    assert record_stream_events(session, before=before, after=renamed) == []
    later = dataclasses.replace(
        before, closes_on=before.closes_on + dt.timedelta(days=7), max_award_pence=2_000_000
    )
    [event] = record_stream_events(session, before=before, after=later)
    assert event.subscription_pk == subscription.pk and event.type == "stream.changed"
    changes = event.payload["data"]["changes"]
    assert changes["max_award"] == {"from": 10000, "to": 20000}
    assert changes["closes_on"]["to"] == later.closes_on.isoformat()


def test_a_closed_stream_is_not_announced(session: Session) -> None:
    subscription = webhook(session)
    stream = add_stream(session, "already-closed", closes_in_days=-1)
    assert record_stream_events(session, before=None, after=snapshot_of(stream)) == []
    assert events_for(session, subscription) == []


def test_events_roll_back_with_the_change_that_caused_them(session: Session) -> None:
    subscription = webhook(session)
    savepoint = session.begin_nested()
    stream = add_stream(session, "rolled-back-round")
    record_stream_events(session, before=None, after=snapshot_of(stream))
    assert len(events_for(session, subscription)) == 1
    savepoint.rollback()
    assert events_for(session, subscription) == []


def test_which_reminder_is_due() -> None:
    today = dt.date(2026, 11, 25)
    days = [reminder_due(today + dt.timedelta(days=n), today) for n in (20, 15, 14, 4, 3, 0, -1)]
    assert days == [None, None, 14, 14, 3, 3, None]
    assert reminder_due(None, today) is None


def test_closing_reminders_are_queued_once_per_stream_subscription_and_kind(
    session: Session,
) -> None:
    subscription = webhook(session, activity=["mentoring"])
    other = webhook(session, activity=["sport"])
    add_stream(session, "closing-round", closes_in_days=10)
    today = dt.datetime.now(dt.UTC).date()
    assert enqueue_closing_reminders(session, today) >= 1
    enqueue_closing_reminders(session, today)
    enqueue_closing_reminders(session, today + dt.timedelta(days=1))
    reminders = [e for e in events_for(session, subscription) if e.stream_slug == "closing-round"]
    # The real number of days left, not the reminder's threshold.
    assert [
        (e.type, e.payload["data"]["days_left"], e.payload["data"]["reminder"]) for e in reminders
    ] == [("stream.closing", 10, 14)]
    enqueue_closing_reminders(session, today + dt.timedelta(days=8))
    enqueue_closing_reminders(session, today + dt.timedelta(days=9))
    reminders = [e for e in events_for(session, subscription) if e.stream_slug == "closing-round"]
    assert [e.payload["data"]["days_left"] for e in reminders] == [10, 2]
    assert [e for e in events_for(session, other) if e.stream_slug == "closing-round"] == []


def test_a_profile_subscription_hears_of_streams_the_eligibility_check_does_not_rule_out(
    session: Session,
) -> None:
    def profile_subscription(amount: int) -> Subscription:
        profile = EligibilityProfile.model_validate(
            {"project": {"activities": ["mentoring"], "amount_requested": amount}}
        )
        data = SubscriptionCreate(webhook_url=HOOK, profile=profile)
        subscription, _ = service.create_subscription(session=session, data=data)
        return subscription

    fits = profile_subscription(5_000)
    asks_too_much = profile_subscription(50_000)  # the round gives at most £10,000
    stream = add_stream(session, "profile-round")
    reindex_streams(session, [stream.pk])  # as every stream write does
    record_stream_events(session, before=None, after=snapshot_of(stream))
    assert [e.stream_slug for e in events_for(session, fits)] == ["profile-round"]
    assert events_for(session, asks_too_much) == []
