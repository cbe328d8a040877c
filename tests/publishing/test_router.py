from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.settings import get_settings
from app.publishing.events import record_stream_events, snapshot_of
from app.publishing.models import OutboxEvent, Subscription
from tests.factories import add_stream

HOOK = "http://127.0.0.1:9/hook"


def subscribe(client: TestClient, **body: object) -> dict[str, object]:
    response = client.post("/v1/subscriptions", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, object] = response.json()
    return data


def test_a_webhook_subscription_answers_with_id_token_and_signing_secret(
    client: TestClient,
) -> None:
    created = subscribe(
        client, webhook_url=HOOK, search={"activity": ["mentoring"], "borough": ["E09000023"]}
    )
    assert str(created["webhook_secret"]).startswith("whsec_")
    assert created["channel"] == "webhook" and created["confirmed"] is True
    headers = {"Authorization": f"Bearer {created['token']}"}
    read = client.get(f"/v1/subscriptions/{created['id']}", headers=headers).json()
    assert read["search"]["activity"] == ["mentoring"]
    assert read["search"]["borough"] == ["E09000023"]
    assert "token" not in read and "webhook_secret" not in read


def test_the_token_is_stored_hashed(client: TestClient, session: Session) -> None:
    created = subscribe(client, webhook_url=HOOK)
    stored = session.scalars(
        select(Subscription).where(Subscription.public_id == created["id"])
    ).one()
    assert stored.token_hash != created["token"] and len(stored.token_hash) == 64


def test_reading_needs_the_subscriptions_own_token(client: TestClient) -> None:
    created = subscribe(client, webhook_url=HOOK)
    other = subscribe(client, webhook_url=HOOK)
    url = f"/v1/subscriptions/{created['id']}"
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": f"Bearer {other['token']}"}).status_code == 404
    assert (
        client.get(url, headers={"Authorization": f"Basic {created['token']}"}).status_code == 401
    )


def test_delete_ends_the_subscription(client: TestClient) -> None:
    created = subscribe(client, webhook_url=HOOK)
    url, headers = (
        f"/v1/subscriptions/{created['id']}",
        {"Authorization": f"Bearer {created['token']}"},
    )
    assert client.delete(url, headers=headers).status_code == 204
    assert client.get(url, headers=headers).status_code == 404


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        (
            {"webhook_url": HOOK, "search": {"activity": ["juggling"]}},
            ["body", "search", "activity"],
        ),
        ({"webhook_url": HOOK, "search": {"borough": ["E0900099"]}}, ["body", "search", "borough"]),
        ({"webhook_url": HOOK, "search": {"funder": ["nobody"]}}, ["body", "search", "funder"]),
        ({"webhook_url": HOOK, "search": {"strand": ["nope"]}}, ["body", "search", "strand"]),
        ({"webhook_url": HOOK, "email": "a@example.org"}, ["body", "webhook_url"]),
        ({"search": {}}, ["body", "webhook_url"]),
        ({"email": "not-an-address"}, ["body", "email"]),
        ({"webhook_url": "ftp://example.org/x"}, ["body", "webhook_url"]),
        (
            {"webhook_url": HOOK, "profile": {"project": {"activities": ["juggling"]}}},
            ["body", "profile", "project", "activities"],
        ),
        ({"webhook_url": HOOK, "search": {"age": -1}}, ["body", "search", "age"]),
    ],
)
def test_bad_subscriptions_are_422_naming_the_field(
    client: TestClient, body: dict[str, object], loc: list[str]
) -> None:
    response = client.post("/v1/subscriptions", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"][: len(loc)] == loc


def test_internal_webhook_urls_are_refused_without_the_setting(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIGNPOST_WEBHOOKS_ALLOW_PRIVATE", "false")
    get_settings.cache_clear()
    response = client.post("/v1/subscriptions", json={"webhook_url": "http://169.254.169.254/"})
    assert response.status_code == 422
    assert "public addresses only" in response.json()["errors"][0]["msg"]


def test_an_email_subscription_is_sent_nothing_but_the_confirmation_until_confirmed(
    client: TestClient, session: Session
) -> None:
    created = subscribe(client, email="club@example.org", digest="daily", search={})
    assert created["confirmed"] is False and created["webhook_secret"] is None
    stored = session.scalars(
        select(Subscription).where(Subscription.public_id == created["id"])
    ).one()
    queued = session.scalars(
        select(OutboxEvent).where(OutboxEvent.subscription_pk == stored.pk)
    ).all()
    assert [e.type for e in queued] == ["subscription.confirm"]

    record_stream_events(
        session, before=None, after=snapshot_of(add_stream(session, "pre-confirm"))
    )
    assert session.scalars(
        select(OutboxEvent.type).where(OutboxEvent.subscription_pk == stored.pk)
    ).all() == ["subscription.confirm"]

    confirm = f"/v1/subscriptions/{created['id']}/confirm"
    assert client.get(confirm, params={"token": "wrong"}).status_code == 404
    assert client.get(confirm, params={"token": stored.email_token}).json()["confirmed"] is True
    record_stream_events(
        session, before=None, after=snapshot_of(add_stream(session, "post-confirm"))
    )
    types = session.scalars(
        select(OutboxEvent.type).where(OutboxEvent.subscription_pk == stored.pk)
    ).all()
    assert sorted(types) == ["stream.published", "subscription.confirm"]


def test_the_unsubscribe_link_ends_an_email_subscription(
    client: TestClient, session: Session
) -> None:
    created = subscribe(client, email="club@example.org")
    stored = session.scalars(
        select(Subscription).where(Subscription.public_id == created["id"])
    ).one()
    url = f"/v1/subscriptions/{created['id']}/unsubscribe"
    assert client.post(url, params={"token": "wrong"}).status_code == 404
    assert client.post(url, params={"token": stored.email_token}).status_code == 200
    headers = {"Authorization": f"Bearer {created['token']}"}
    assert client.get(f"/v1/subscriptions/{created['id']}", headers=headers).status_code == 404


def test_a_profile_subscription_keeps_its_profile(client: TestClient) -> None:
    profile = {
        "organisation": {"applicant_type": "registered-charity", "annual_income": 80000},
        "project": {"activities": ["mentoring"], "boroughs": ["E09000023"]},
    }
    created = subscribe(client, webhook_url=HOOK, profile=profile)
    assert created["search"] is None
    assert created["profile"]["project"]["activities"] == ["mentoring"]  # type: ignore[index]
    assert created["profile"]["organisation"]["annual_income"] == 80000  # type: ignore[index]


def test_deliveries_start_empty(client: TestClient) -> None:
    created = subscribe(client, webhook_url=HOOK)
    headers = {"Authorization": f"Bearer {created['token']}"}
    body = client.get(f"/v1/subscriptions/{created['id']}/deliveries", headers=headers).json()
    assert body == {"items": [], "next_cursor": None, "total": 0}
