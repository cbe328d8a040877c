"""Issue 12, item 1: a cursor not made by the service for this very list and query is a 422
naming `cursor` on every list, never a 500 or a page of arbitrary rows."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.core.cursors import Cursor
from app.http.cursors import cursor_scope

LISTS = ["/v1/awards", "/v1/streams?status=any", "/v1/changes", "/v1/funders"]


def unsigned(values: Any) -> str:
    """A cursor in the shape the service used to take: base64 of JSON, unsigned."""
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


FORGED = {
    "null-null": "W251bGwsbnVsbF0",
    "huge-int": unsigned([10**30, 10**30]),
    "nested": unsigned(json.loads("[" * 900 + "]" * 900)),
    "nested-5000": "W" * 5000,
    "wrong-types": unsigned([{"d": "not a date"}, "x"]),
    "text": "hello",
    "nul": "a\x00b",
}


def assert_refused(response: Any) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["loc"] for e in response.json()["errors"]] == [["query", "cursor"]]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("forged", list(FORGED))
def test_a_forged_cursor_is_422_naming_cursor(client: TestClient, path: str, forged: str) -> None:
    separator = "&" if "?" in path else "?"
    assert_refused(client.get(f"{path}{separator}limit=1", params={"cursor": FORGED[forged]}))


@pytest.mark.parametrize("path", LISTS)
def test_a_cursor_follows_its_own_list_only(
    client: TestClient, keys: dict[str, dict[str, str]], path: str
) -> None:
    for slug in ("test-funder-one", "test-funder-two"):  # two entries in the change log
        body = {"id": slug, "name": slug}
        assert client.post("/v1/funders", json=body, headers=keys["admin"]).status_code == 201
    first = client.get(path, params={"limit": 1}).json()
    cursor = first["next_cursor"]
    assert cursor is not None
    # Its own list takes it (with another page size too)...
    assert client.get(path, params={"limit": 2, "cursor": cursor}).status_code == 200
    # ...no other list does.
    for other in LISTS:
        if other != path:
            assert_refused(client.get(other, params={"cursor": cursor}))


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ({"sort": "name"}, {"sort": "closes_on"}),
        ({"sort": "-published_at"}, {"sort": "-max_award"}),
        ({"sort": "name"}, {"sort": "name", "q": "young"}),
        ({"sort": "name", "borough": "E09000008"}, {"sort": "name"}),
    ],
)
def test_a_cursor_from_another_sort_or_filter_is_422(
    client: TestClient, first: dict[str, str], then: dict[str, str]
) -> None:
    page = client.get("/v1/streams", params={"status": "any", "limit": 1, **first}).json()
    assert page["next_cursor"] is not None
    params = {"status": "any", "limit": 1, **then, "cursor": page["next_cursor"]}
    assert_refused(client.get("/v1/streams", params=params))


def test_a_cursor_of_the_wrong_shape_is_422_even_when_signed(client: TestClient) -> None:
    # Signed with the server's own key for the right scope, as one who knew it could.
    scope = cursor_scope("/v1/awards", [])
    for values in ([None, None], [2**70, 1], ["2019-01-01", 1], [{"d": "2019-01-01"}, "a\x00"]):
        assert_refused(
            client.get("/v1/awards", params={"cursor": Cursor(scope=scope).next(values)})
        )
