"""Awards written through the API (and deleted, and restored) reach the overlap check, the
priorities and the organisation page in the same transaction."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.factories import MOPAC, award_body, if_match

Keys = dict[str, dict[str, str]]
HACKNEY = "E09000012"
NEW = "360G-test-derived-1"


def _priorities_pence(client: TestClient) -> int:
    body = client.get("/v1/insights/priorities", params={"rows": "borough", "cols": "activity"})
    assert body.status_code == 200, body.text
    return round(body.json()["total"]["amount"] * 100)


def _overlap(client: TestClient) -> dict[str, Any]:
    response = client.post(
        "/v1/overlap/check",
        json={
            "recipient": {"org_id": "GB-CHC-1234567", "name": "Test Youth Trust"},
            "boroughs": [HACKNEY],
            "activities": ["mentoring"],
            "planned_start": "2026-11-01",
            "planned_end": "2027-06-30",
        },
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_an_award_written_deleted_and_restored_moves_every_derived_view(
    client: TestClient, keys: Keys
) -> None:
    before = _priorities_pence(client)
    assert _overlap(client)["risk"] == "none"

    body = award_body(NEW, MOPAC, [HACKNEY], planned_start="2026-10-01", planned_end="2027-09-30")
    assert client.post("/v1/awards", json=body, headers=keys["admin"]).status_code == 201
    assert _priorities_pence(client) == before + 1250025
    check = _overlap(client)
    assert check["risk"] == "high"
    assert NEW in [m["award"]["id"] for m in check["matches"]]

    headers = if_match(client, f"/v1/awards/{NEW}", keys["admin"])
    assert client.delete(f"/v1/awards/{NEW}", headers=headers).status_code == 204
    assert _priorities_pence(client) == before
    assert _overlap(client)["risk"] == "none"
    assert NEW not in [
        a["id"] for a in client.get("/v1/awards", params={"q": "mentoring"}).json()["items"]
    ]

    assert client.post(f"/v1/awards/{NEW}/restore", headers=keys["admin"]).status_code == 200
    assert _priorities_pence(client) == before + 1250025
    assert _overlap(client)["risk"] == "high"
