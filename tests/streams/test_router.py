from __future__ import annotations

from fastapi.testclient import TestClient


def test_a_stream_is_served_with_its_sources_and_money_in_pounds(client: TestClient) -> None:
    body = client.get("/v1/streams/young-londoners-fund-round-2").json()
    assert body["funder"] == {"id": "greater-london-authority", "name": body["funder"]["name"]}
    assert body["total_budget"] == 16425000
    assert body["sources"] and all(s["url"].startswith("http") for s in body["sources"])
    assert body["status"] == "closed"
    assert body["illustrative"] is False
    assert set(body) >= {
        "id", "name", "summary", "description", "url", "status", "opens_on", "closes_on",
        "min_award", "max_award", "total_budget", "currency", "activities", "violence_types",
        "risk_factors", "strands", "beneficiary_groups", "age_min", "age_max", "boroughs",
        "eligibility", "sources", "illustrative", "published_at", "updated_at",
    }  # fmt: skip


def test_an_illustrative_round_says_so(client: TestClient) -> None:
    body = client.get("/v1/streams/illustrative-youth-mentoring-fund-2027").json()
    assert body["illustrative"] is True
    assert body["summary"].startswith("Illustrative")
    assert body["eligibility"]["income_max"] == 100000


def test_a_stream_limited_to_boroughs_lists_their_codes(client: TestClient) -> None:
    body = client.get("/v1/streams/myends").json()
    assert "E09000008" in body["boroughs"]  # Croydon


def test_unknown_stream_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/v1/streams/no-such-fund")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "no-such-fund" in response.json()["detail"]
