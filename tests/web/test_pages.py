"""The pages over HTTP (no browser): escaping, security headers, errors beside their fields."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.auth.service import create_key
from app.web.templating import PAGE_CSP
from tests.factories import MOPAC, stream_body

HOSTILE = '<script>alert("owned")</script>'


def test_a_stream_named_like_a_script_shows_as_text(
    on_seed_day: TestClient, session: Session
) -> None:
    key = create_key(session=session, name="test-web-admin", role="admin")
    session.commit()
    body = stream_body("hostile-stream", MOPAC, name=HOSTILE, summary=HOSTILE)
    created = on_seed_day.post(
        "/v1/streams", json=body, headers={"Authorization": f"Bearer {key.secret}"}
    )
    assert created.status_code == 201, created.text
    listed = "/?status=forthcoming&borough=E09000008&activity=mentoring"
    for path in ("/streams/hostile-stream", listed):
        page = on_seed_day.get(path)
        assert page.status_code == 200
        assert "hostile-stream" in page.text
        assert HOSTILE not in page.text
        assert "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;" in page.text


def test_a_search_typed_with_markup_is_echoed_as_text(client: TestClient) -> None:
    page = client.get("/", params={"q": '"><img src=x onerror=alert(1)>'})
    assert "<img src=x" not in page.text
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_pages_send_a_strict_policy_and_the_api_security_headers(client: TestClient) -> None:
    for path in ("/", "/streams/young-londoners-fund-round-1", "/streams/nothing-here"):
        response = client.get(path)
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["content-security-policy"] == PAGE_CSP
        assert "script-src" not in PAGE_CSP and "'unsafe-inline'" not in PAGE_CSP
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    # The API keeps its own policy.
    api = client.get("/v1/boroughs")
    assert api.headers["content-security-policy"] == "frame-ancestors 'none'"


def test_a_page_never_refers_to_another_host_for_what_it_loads(client: TestClient) -> None:
    page = client.get("/").text
    assert "<script" not in page
    assert 'style="' not in page
    assert 'href="/static/signpost.css"' in page
    assert "src=" not in page


def test_profile_errors_are_named_beside_each_field(client: TestClient) -> None:
    page = client.get("/", params={"income": "lots", "age_from": "18", "age_to": "11"})
    assert page.status_code == 422
    assert 'href="#income"' in page.text
    assert 'id="income-error"' in page.text
    assert "Annual income must be a number, like 45000" in page.text
    assert 'href="#age_from"' in page.text
    assert "age_min is above age_max" in page.text


def test_an_unknown_filter_value_is_refused_beside_its_filter(client: TestClient) -> None:
    page = client.get("/", params={"borough": "E09999999"})
    assert page.status_code == 422
    assert 'href="#borough"' in page.text
    assert "Unknown borough(s): E09999999" in page.text


def test_the_profile_gives_each_result_its_verdict_and_reasons(on_seed_day: TestClient) -> None:
    page = on_seed_day.get(
        "/", params={"org_type": "registered-charity", "income": "60000", "does": "mentoring"}
    )
    assert page.status_code == 200
    assert "tag--eligible" in page.text or "tag--unclear" in page.text
    assert "reason--pass" in page.text


def test_a_fund_page_offers_its_closing_date_as_a_calendar_file(on_seed_day: TestClient) -> None:
    response = on_seed_day.get("/streams/illustrative-youth-mentoring-fund-2027/deadline.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in response.text
    assert on_seed_day.get("/streams/nothing-here/deadline.ics").status_code == 404


def test_with_a_profile_the_results_come_best_match_first(
    on_seed_day: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.web.find.PAGE_SIZE", 5)
    profile = {"org_type": "registered-charity", "income": "60000", "does": "mentoring"}
    page = on_seed_day.get("/", params={**profile, "status": "any"})
    assert page.status_code == 200
    order = {"eligible": 0, "unclear": 1, "ineligible": 2}
    verdicts = re.findall(r'class="tag tag--(eligible|unclear|ineligible)"', page.text)
    assert len(verdicts) == 5
    total = re.search(r"\d+ funds? found", page.text)
    assert total is not None
    assert total.group(0) in on_seed_day.get("/", params={"status": "any"}).text
    assert [order[v] for v in verdicts] == sorted(order[v] for v in verdicts)
    assert '<strong aria-current="true">Best match for you</strong>' in page.text
    following = re.search(r'href="([^"]*page=1[^"]*)" class="next-page"', page.text)
    assert following is not None
    second = on_seed_day.get(following.group(1).replace("&amp;", "&"))
    assert second.status_code == 200
    first_names = set(
        re.findall(r'<h3 class="heading-s result__title"><a href="([^"]+)"', page.text)
    )
    second_names = set(
        re.findall(r'<h3 class="heading-s result__title"><a href="([^"]+)"', second.text)
    )
    assert len(second_names) == 5 and not first_names & second_names
    verdicts += re.findall(r'class="tag tag--(eligible|unclear|ineligible)"', second.text)
    assert [order[v] for v in verdicts] == sorted(order[v] for v in verdicts)


def test_without_a_profile_there_is_no_best_match_order(client: TestClient) -> None:
    assert "Best match for you" not in client.get("/").text
