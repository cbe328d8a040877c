"""The pages that write (alerts) over HTTP: the CSRF token, what is saved, and the email links."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.publishing.models import Subscription


def _token(page_text: str, name: str = "csrf_token") -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page_text)
    assert found is not None
    return found.group(1)


def _subscriptions(session: Session, email: str) -> list[Subscription]:
    return list(session.scalars(select(Subscription).where(Subscription.email == email)))


def test_a_sign_up_without_the_forms_token_is_refused_and_saves_nothing(
    client: TestClient, session: Session
) -> None:
    client.get("/alerts")  # the browser has its cookie, but the forger cannot read it
    refused = client.post(
        "/alerts",
        data={"csrf_token": "forged", "channel": "email", "email": "victim@example.org"},
    )
    assert refused.status_code == 403
    assert "Nothing was saved" in refused.text
    assert _subscriptions(session, "victim@example.org") == []


def test_the_token_cookie_is_strict_and_hidden_from_scripts(client: TestClient) -> None:
    cookie = client.get("/alerts").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_signing_up_saves_the_search_of_the_page(client: TestClient, session: Session) -> None:
    page = client.get("/alerts", params={"activity": "mentoring", "borough": "E09000008"})
    assert 'name="activity" value="mentoring"' in page.text
    done = client.post(
        "/alerts",
        data={
            "csrf_token": _token(page.text),
            "activity": "mentoring",
            "borough": "E09000008",
            "channel": "email",
            "email": "club@example.org",
            "digest": "daily",
        },
    )
    assert done.status_code == 201, done.text
    assert done.headers["cache-control"] == "no-store"
    [saved] = _subscriptions(session, "club@example.org")
    assert saved.digest == "daily"
    assert saved.filters is not None and saved.profile is None
    assert "mentoring" in str(saved.filters) and "E09000008" in str(saved.filters)


def test_signing_up_with_a_profile_saves_the_profile(client: TestClient, session: Session) -> None:
    page = client.get("/alerts", params={"org_type": "cic", "income": "50000"})
    assert "from the answers you gave" in page.text
    done = client.post(
        "/alerts",
        data={
            "csrf_token": _token(page.text),
            "org_type": "cic",
            "income": "50000",
            "channel": "email",
            "email": "cic@example.org",
        },
    )
    assert done.status_code == 201, done.text
    [saved] = _subscriptions(session, "cic@example.org")
    assert saved.profile is not None and saved.filters is None


def test_the_unsubscribe_link_opens_a_page_whose_button_ends_the_alerts(
    client: TestClient, session: Session
) -> None:
    page = client.get("/alerts")
    client.post(
        "/alerts",
        data={"csrf_token": _token(page.text), "channel": "email", "email": "bye@example.org"},
    )
    [saved] = _subscriptions(session, "bye@example.org")
    link = f"/alerts/{saved.public_id}/unsubscribe"
    opened = client.get(link, params={"token": saved.email_token})
    assert opened.status_code == 200 and "Stop alerts" in opened.text
    assert _subscriptions(session, "bye@example.org") != []  # opening the link changes nothing
    done = client.post(
        link,
        data={"csrf_token": _token(opened.text), "token": _token(opened.text, "token")},
    )
    assert done.status_code == 200 and "Alerts stopped" in done.text
    session.expire_all()
    assert _subscriptions(session, "bye@example.org") == []


def test_a_wrong_link_token_is_a_page_not_found(client: TestClient) -> None:
    page = client.get("/alerts/sub_nothing/confirm", params={"token": "wrong"})
    done = client.post(
        "/alerts/sub_nothing/confirm",
        data={"csrf_token": _token(page.text), "token": "wrong"},
    )
    assert done.status_code == 404
    assert "Page not found" in done.text


def test_the_overlap_check_page_is_not_cached_and_says_nothing_is_kept(
    client: TestClient,
) -> None:
    answer = client.post("/check", data={"recipient_name": "Croydon BME Forum"})
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    assert "Nothing about your proposal has been stored or logged" in answer.text


def test_an_organisation_page_and_a_malformed_org_id(client: TestClient) -> None:
    assert client.get("/organisations/not an org id").status_code == 404
    assert client.get("/organisations/GB-CHC-0").status_code == 404
