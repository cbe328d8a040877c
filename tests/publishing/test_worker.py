"""The worker against real servers and committed data (its own sessions, cleaned up after)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.auth.models import ApiKey
from app.auth.service import create_key
from app.changes.models import Change
from app.core.clock import as_utc
from app.core.settings import Settings
from app.funders.models import Funder
from app.http.sessions import get_session
from app.main import create_app
from app.publishing.events import record_stream_events, snapshot_of
from app.publishing.models import DeliveryAttempt, OutboxEvent, Subscription, WorkerLock
from app.publishing.worker import Worker
from app.streams.feeds import entry_id
from app.streams.models import FundingStream
from tests.factories import add_stream, stream_body
from tests.publishing.links import confirm_by_link
from tests.publishing.receivers import FakeClock, Receiver, smtp_server, webhook_receiver

PREFIX = "worker-test-"
# Test streams have a funder of their own, and subscriptions ask for it, so that seeded streams
# (whose reminders fall due on dates the tests do not control) never reach the receivers.
FUNDER = PREFIX + "funder"


@pytest.fixture
def sessions(engine: Engine) -> Iterator[sessionmaker[Session]]:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    logged = (DeliveryAttempt, OutboxEvent, Subscription)
    with factory.begin() as session:
        session.add(Funder(slug=FUNDER, name="Worker test funder", kind="trust"))
        # What exists before the test is left alone; what it adds (committed) is removed after.
        last = {model: session.scalar(select(func.max(model.pk))) or 0 for model in logged}
        locks = set(session.scalars(select(WorkerLock.name)))
    yield factory
    with factory.begin() as session:
        for model in logged:
            session.execute(delete(model).where(model.pk > last[model]))
        session.execute(delete(WorkerLock).where(WorkerLock.name.not_in(locks)))
        for stream in session.scalars(
            select(FundingStream).where(FundingStream.slug.startswith(PREFIX))
        ):
            session.delete(stream)
        session.flush()
        session.execute(delete(Funder).where(Funder.slug == FUNDER))


@pytest.fixture
def api(sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    app = create_app()

    def override() -> Iterator[Session]:
        with sessions.begin() as session:
            yield session

    app.dependency_overrides[get_session] = override
    with TestClient(app) as client:
        yield client


def settings(**changes: object) -> Settings:
    values: dict[str, object] = {
        "webhooks_allow_private": True,
        "worker_lease_seconds": 60,
        "webhook_timeout_seconds": 5,
        "smtp_host": "127.0.0.1",
        "smtp_tls": "none",
        "public_base_url": "http://signpost.test",
    }
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]


def publish(sessions: sessionmaker[Session], slug: str, **kw: object) -> None:
    """A write path: the stream and its events in one transaction."""
    with sessions.begin() as session:
        stream = add_stream(session, PREFIX + slug, funder=FUNDER, **kw)  # type: ignore[arg-type]
        record_stream_events(session, before=None, after=snapshot_of(stream))


def webhook_subscription(api: TestClient, receiver: Receiver, **search: object) -> dict[str, str]:
    search = {"funder": [FUNDER], **search}
    response = api.post("/v1/subscriptions", json={"webhook_url": receiver.url, "search": search})
    assert response.status_code == 201, response.text
    created: dict[str, str] = response.json()
    receiver.secret = created["webhook_secret"]
    return created


def deliveries(api: TestClient, created: dict[str, str]) -> list[dict[str, object]]:
    response = api.get(
        f"/v1/subscriptions/{created['id']}/deliveries",
        headers={"Authorization": f"Bearer {created['token']}"},
    )
    assert response.status_code == 200
    items: list[dict[str, object]] = response.json()["items"]
    return items


def test_publishing_a_matching_stream_sends_exactly_one_signed_webhook(
    api: TestClient, sessions: sessionmaker[Session]
) -> None:
    with webhook_receiver() as receiver:
        created = webhook_subscription(api, receiver, activity=["mentoring"])
        publish(sessions, "match")
        publish(sessions, "no-match", activities=("sport",))
        worker = Worker(sessions=sessions, settings=settings())
        assert worker.run_once().sent == 1
        assert worker.run_once().sent == 0
    [request] = receiver.requests
    assert request.verified
    assert request.payload["type"] == "stream.published"
    assert request.payload["data"]["stream"]["id"] == PREFIX + "match"
    [attempt] = deliveries(api, created)
    assert attempt["succeeded"] is True and attempt["status_code"] == 200
    assert attempt["message_id"] == request.message_id


def test_a_failing_receiver_is_retried_with_backoff_until_it_recovers(
    api: TestClient, sessions: sessionmaker[Session]
) -> None:
    with webhook_receiver() as receiver:
        receiver.statuses = [500, 503]
        created = webhook_subscription(api, receiver)
        publish(sessions, "flaky")
        clock = FakeClock()
        worker = Worker(sessions=sessions, settings=settings(), clock=clock)
        assert worker.run_once().failed == 1
        assert worker.run_once().failed == 0  # the backoff has not passed
        clock.advance(seconds=31)
        assert worker.run_once().failed == 1
        clock.advance(seconds=59)
        assert worker.run_once().sent == 0
        clock.advance(seconds=2)
        assert worker.run_once().sent == 1
    assert [r.status for r in receiver.requests] == [500, 503, 200]
    assert len({r.message_id for r in receiver.requests}) == 1
    assert all(r.verified for r in receiver.requests)
    log = deliveries(api, created)
    assert [a["succeeded"] for a in log] == [True, False, False]
    assert [a["status_code"] for a in log] == [200, 503, 500]
    assert log[1]["next_attempt_at"] is not None


def test_a_receiver_that_never_recovers_is_retried_for_24_hours_then_failed(
    api: TestClient, sessions: sessionmaker[Session]
) -> None:
    with webhook_receiver() as receiver:
        receiver.statuses = [500] * 100
        webhook_subscription(api, receiver)
        publish(sessions, "dead")
        clock = FakeClock()
        worker = Worker(sessions=sessions, settings=settings(), clock=clock)
        start = clock.now
        for _ in range(100):
            worker.run_once()
            clock.advance(hours=1)
        tries = len(receiver.requests)
    with sessions() as session:
        [event] = session.scalars(select(OutboxEvent)).all()
        assert event.state == "failed"
        attempts = [as_utc(a) for a in session.scalars(select(DeliveryAttempt.attempted_at))]
    assert max(attempts) - min(attempts) >= dt.timedelta(hours=24)
    assert max(attempts) - start < dt.timedelta(hours=30)
    assert tries == len(attempts) and tries > 10


def test_email_subscribers_confirm_first_then_get_one_digest_per_period(
    api: TestClient, sessions: sessionmaker[Session]
) -> None:
    with smtp_server() as (port, inbox):
        response = api.post(
            "/v1/subscriptions",
            json={
                "email": "club@example.org",
                "digest": "daily",
                "search": {"activity": ["mentoring"], "funder": [FUNDER]},
            },
        )
        created = response.json()
        publish(sessions, "before-confirming")
        clock = FakeClock()
        worker = Worker(sessions=sessions, settings=settings(smtp_port=port), clock=clock)
        worker.run_once()
        [confirmation] = inbox
        assert confirmation["To"] == "club@example.org"
        confirm_by_link(api, confirmation.get_content())
        worker.run_once()
        assert len(inbox) == 1  # nothing new since confirming: no email

        publish(sessions, "first")
        publish(sessions, "second")
        publish(sessions, "other", activities=("sport",))
        assert worker.run_once().digests == 1
        digest = inbox[1]
        text = digest.get_content()
        assert PREFIX + "first" in text and PREFIX + "second" in text
        assert PREFIX + "other" not in text and PREFIX + "before-confirming" not in text
        assert "/unsubscribe?token=" in text
        assert digest["List-Unsubscribe"].startswith("<http://signpost.test/v1/subscriptions/")

        publish(sessions, "third")
        assert worker.run_once().digests == 0  # one email per day at most
        clock.advance(days=1)
        assert worker.run_once().digests == 1
        assert PREFIX + "third" in inbox[2].get_content()
        assert PREFIX + "first" not in inbox[2].get_content()
        clock.advance(days=1)
        assert worker.run_once().digests == 0  # nothing new
        assert len(inbox) == 3
    assert [a["event_count"] for a in deliveries(api, created)] == [1, 2, 1]


def test_concurrent_workers_never_send_an_event_twice(
    api: TestClient, sessions: sessionmaker[Session]
) -> None:
    with webhook_receiver() as receiver:
        webhook_subscription(api, receiver)
        for n in range(12):
            publish(sessions, f"busy-{n}")
        workers = [
            Worker(sessions=sessions, settings=settings(worker_batch_size=3)) for _ in range(3)
        ]

        def drain(worker: Worker) -> None:
            for _ in range(6):
                worker.run_once()

        threads = [threading.Thread(target=drain, args=(w,)) for w in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        while workers[0].run_once().sent:
            pass
    ids = [r.message_id for r in receiver.requests]
    assert len(ids) == 12 and len(set(ids)) == 12


def test_a_worker_killed_mid_batch_loses_nothing_and_nothing_is_acknowledged_twice(
    api: TestClient, sessions: sessionmaker[Session], database_url: str
) -> None:
    arrived = threading.Event()
    release = threading.Event()
    seen: list[str] = []

    def hang_on_the_second(message_id: str) -> int | None:
        if message_id not in seen:
            seen.append(message_id)
        if len(seen) == 2 and not release.is_set():
            arrived.set()
            release.wait(30)
            return 0  # released only once the worker has been killed: no one hears the answer
        return None

    with webhook_receiver() as receiver:
        receiver.on_request = hang_on_the_second
        webhook_subscription(api, receiver)
        for n in range(4):
            publish(sessions, f"batch-{n}")
        env = {
            **os.environ,
            "SIGNPOST_DATABASE_URL": database_url,
            "SIGNPOST_WEBHOOKS_ALLOW_PRIVATE": "true",
            "SIGNPOST_WORKER_LEASE_SECONDS": "60",
            "SIGNPOST_WEBHOOK_TIMEOUT_SECONDS": "30",
        }
        process = subprocess.Popen(
            [sys.executable, "-c", "from app.cli import main; main()", "worker", "--once"], env=env
        )
        try:
            assert arrived.wait(60), "the worker never reached the second webhook"
        finally:
            process.kill()
            process.wait()
            release.set()
        with sessions() as session:
            leased = session.scalars(
                select(OutboxEvent).where(OutboxEvent.state == "pending")
            ).all()
            assert len(leased) == 3 and all(e.lease_owner for e in leased)
        # Until the lease ends the claimed events are left alone …
        assert Worker(sessions=sessions, settings=settings()).run_once().sent == 0
        # … then another worker delivers them.
        later = FakeClock(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=65))
        assert Worker(sessions=sessions, settings=settings(), clock=later).run_once().sent == 3
    acknowledged = receiver.acknowledged()
    assert len(acknowledged) == 4 and len(set(acknowledged)) == 4
    # The interrupted webhook was sent again under the same webhook-id, so a receiver that
    # saw the first try can tell it is the same message.
    [interrupted] = [r for r in receiver.requests if r.status == 0]
    assert interrupted.message_id == seen[1] and interrupted.message_id in acknowledged
    with sessions() as session:
        states = session.scalars(select(OutboxEvent.state)).all()
    assert states == ["delivered"] * 4


def test_a_digest_the_smtp_server_refuses_is_retried_later(
    api: TestClient, sessions: sessionmaker[Session]
) -> None:
    with smtp_server() as (port, inbox):
        created = api.post(
            "/v1/subscriptions", json={"email": "club@example.org", "search": {"funder": [FUNDER]}}
        ).json()
        clock = FakeClock()
        Worker(sessions=sessions, settings=settings(smtp_port=port), clock=clock).run_once()
        [confirmation] = inbox
        confirm_by_link(api, confirmation.get_content())
        publish(sessions, "refused")
        down = Worker(sessions=sessions, settings=settings(smtp_port=1), clock=clock)
        assert down.run_once().digests == 0
        up = Worker(sessions=sessions, settings=settings(smtp_port=port), clock=clock)
        assert up.run_once().digests == 0  # waits out the retry delay
        clock.advance(minutes=6)
        assert up.run_once().digests == 1
        assert PREFIX + "refused" in inbox[1].get_content()
    log = deliveries(api, created)
    assert [a["succeeded"] for a in log] == [True, False, True]
    assert "Error" in str(log[1]["error"])


def test_a_stream_published_through_the_write_api_gives_one_webhook_and_one_digest_entry(
    api: TestClient, sessions: sessionmaker[Session]
) -> None:
    key_name = f"{PREFIX}admin-{uuid.uuid4().hex[:8]}"
    with sessions.begin() as session:
        secret = create_key(session=session, name=key_name, role="admin").secret
    slug = PREFIX + "via-api"
    try:
        with webhook_receiver() as receiver, smtp_server() as (port, inbox):
            hook = webhook_subscription(api, receiver, activity=["mentoring"])
            api.post(
                "/v1/subscriptions",
                json={"email": "club@example.org", "search": {"funder": [FUNDER]}},
            )
            worker = Worker(sessions=sessions, settings=settings(smtp_port=port))
            worker.run_once()
            [confirmation] = inbox
            confirm_by_link(api, confirmation.get_content())

            body = stream_body(slug, FUNDER, opens_on=None, closes_on="2027-06-30")
            created = api.post(
                "/v1/streams", json=body, headers={"Authorization": f"Bearer {secret}"}
            )
            assert created.status_code == 201, created.text
            outcome = worker.run_once()
            assert (outcome.sent, outcome.digests) == (1, 1)
            assert worker.run_once().sent == 0
        [request] = receiver.requests
        assert request.verified and request.payload["data"]["stream"]["id"] == slug
        assert [a["succeeded"] for a in deliveries(api, hook)] == [True]
        assert slug in inbox[1].get_content()
        feed = api.get("/v1/streams/feed.atom", params={"funder": FUNDER}).text
        assert entry_id(slug) in feed
        calendar = api.get("/v1/streams/deadlines.ics", params={"funder": FUNDER}).text
        assert f"{slug}.closes@" in calendar and "20270630" in calendar
    finally:
        with sessions.begin() as session:
            session.execute(delete(Change).where(Change.resource_id == slug))
            session.execute(delete(ApiKey).where(ApiKey.name == key_name))
