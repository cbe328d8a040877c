from __future__ import annotations

from fastapi.testclient import TestClient


def test_get_carries_an_etag_and_a_matching_if_none_match_gets_304(client: TestClient) -> None:
    first = client.get("/v1/boroughs")
    etag = first.headers["etag"]
    again = client.get("/v1/boroughs", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag


def test_a_stale_etag_gets_the_full_answer(client: TestClient) -> None:
    response = client.get("/v1/boroughs", headers={"If-None-Match": '"stale"'})
    assert response.status_code == 200
    assert response.json()["total"] == 33


def test_errors_carry_no_etag(client: TestClient) -> None:
    assert "etag" not in client.get("/v1/funders/nobody").headers


def test_a_resource_etag_names_its_version_and_its_content(client: TestClient) -> None:
    etag = client.get("/v1/streams/myends").headers["etag"]
    version, digest = etag.strip('"').split(".")
    assert version.isdigit() and len(digest) == 16


def test_a_streamed_export_is_passed_on_without_being_held_for_an_etag(
    client: TestClient,
) -> None:
    response = client.get("/v1/awards", params={"format": "csv"})
    assert response.status_code == 200
    assert "etag" not in response.headers
    assert response.text.startswith("Identifier,")
