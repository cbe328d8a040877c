from __future__ import annotations

from fastapi.testclient import TestClient


def test_funders_are_listed_with_org_ids(client: TestClient) -> None:
    body = client.get("/v1/funders").json()
    by_id = {f["id"]: f for f in body["items"]}
    assert by_id["greater-london-authority"]["org_id"] == "GB-LAE-GLA"
    assert by_id["city-bridge-trust"]["org_id"] == "GB-CHC-1035628"
    assert body["total"] == len(body["items"])


def test_funders_page_through_with_a_cursor(client: TestClient) -> None:
    everyone = [f["id"] for f in client.get("/v1/funders").json()["items"]]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/v1/funders", params=params).json()
        assert body["total"] == len(everyone)
        seen += [f["id"] for f in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == everyone


def test_a_funder_shows_its_streams_and_award_totals(client: TestClient) -> None:
    body = client.get("/v1/funders/greater-london-authority").json()
    assert "young-londoners-fund-round-2" in [s["id"] for s in body["streams"]]
    assert all(s["status"] for s in body["streams"])


def test_unknown_funder_is_404(client: TestClient) -> None:
    response = client.get("/v1/funders/nobody")
    assert response.status_code == 404
    assert response.json()["title"] == "Not found"


def test_a_cursor_that_was_not_made_by_us_is_422_naming_cursor(client: TestClient) -> None:
    response = client.get("/v1/funders", params={"cursor": "not-a-cursor"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "cursor"]


def test_limit_out_of_range_is_422_naming_limit(client: TestClient) -> None:
    response = client.get("/v1/funders", params={"limit": 0})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "limit"]
