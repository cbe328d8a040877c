from __future__ import annotations

from fastapi.testclient import TestClient

from app.reference.models import VOCABULARIES


def test_the_33_london_boroughs_are_listed_by_gss_code(client: TestClient) -> None:
    body = client.get("/v1/boroughs").json()
    assert body["total"] == 33
    codes = [b["gss_code"] for b in body["items"]]
    assert codes == [f"E090000{n:02d}" for n in range(1, 34)]
    croydon = next(b for b in body["items"] if b["name"] == "Croydon")
    assert croydon["gss_code"] == "E09000008"
    assert croydon["population"] > 0


def test_every_vocabulary_is_listed_with_terms(client: TestClient) -> None:
    body = client.get("/v1/vocabularies").json()
    assert [v["name"] for v in body["items"]] == list(VOCABULARIES)
    assert all(v["terms"] for v in body["items"])


def test_one_vocabulary_has_its_terms(client: TestClient) -> None:
    body = client.get("/v1/vocabularies/activity").json()
    assert "mentoring" in [t["slug"] for t in body["terms"]]


def test_unknown_vocabulary_is_404_naming_the_known_ones(client: TestClient) -> None:
    response = client.get("/v1/vocabularies/colours")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "violence_type" in response.json()["detail"]
