"""Issue 12, item 11: HEAD answers every GET resource with the GET's headers and no body; a 405
lists in `Allow` every method the path has."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.factories import OWN_AWARD


@pytest.mark.parametrize(
    "path",
    [
        "/v1/streams/young-londoners-fund-round-2",
        f"/v1/awards/{OWN_AWARD}",
        "/v1/funders",
        "/v1/streams?status=any&limit=2",
        "/v1/streams/feed.atom",
        "/v1/boroughs",
        "/healthz",
    ],
)
def test_head_answers_as_get_without_a_body(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    for name in ("etag", "content-type", "content-length"):
        assert head.headers.get(name) == got.headers.get(name), name
    assert head.headers["etag"]


def test_head_on_a_missing_resource_is_404_without_a_body(client: TestClient) -> None:
    head = client.head("/v1/streams/no-such-stream")
    assert head.status_code == 404 and head.content == b""


def test_head_honours_if_none_match(client: TestClient) -> None:
    path = "/v1/streams/young-londoners-fund-round-2"
    etag = client.get(path).headers["etag"]
    assert client.head(path, headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/v1/streams/young-londoners-fund-round-2", "DELETE, GET, HEAD, PATCH"),
        ("DELETE", "/v1/streams", "GET, HEAD, POST"),
        ("POST", "/v1/boroughs", "GET, HEAD"),
        ("GET", "/v1/overlap/check", "POST"),
        # A literal path is not the templated one it also fits (/v1/streams/{stream_id}).
        ("OPTIONS", "/v1/streams/feed.atom", "GET, HEAD"),
    ],
)
def test_a_405_lists_every_method_of_the_path(
    client: TestClient, method: str, path: str, allow: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.headers["content-type"] == "application/problem+json"
