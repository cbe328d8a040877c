"""Issue 12, item 3: NUL and other control characters are refused in every text a request
gives (path, query, body) with a 422 naming where, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.text import control_character_locations, has_control_characters
from tests.factories import CROYDON, MOPAC, award_body

Keys = dict[str, dict[str, str]]


def assert_refused(response: Any, loc: list[str | int]) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert loc in [e["loc"] for e in response.json()["errors"]], response.json()


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x1b", "\x7f", "\x85"])
def test_a_path_with_a_control_character_is_422(client: TestClient, control: str) -> None:
    encoded = quote(control)  # as a client sends it: %00
    assert_refused(client.get(f"/v1/streams/abc{encoded}"), ["path", "stream_id"])
    assert_refused(client.get(f"/v1/organisations/GB-CHC-1{encoded}"), ["path", "org_id"])


@pytest.mark.parametrize("path", ["/v1/streams", "/v1/awards", "/v1/changes"])
def test_a_query_with_nul_is_422(client: TestClient, path: str) -> None:
    name = "resource_id" if path == "/v1/changes" else "q"
    assert_refused(client.get(path, params={name: "knife\x00crime"}), ["query", name])


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"title": "Mentoring\x00"}, ["body", "title"]),
        (
            {"recipient": {"org_id": "GB-CHC-1234567", "name": "A\x00B"}},
            ["body", "recipient", "name"],
        ),
        (
            {"recipient": {"org_id": "GB-CHC-12\x0034", "name": "AB"}},
            ["body", "recipient", "org_id"],
        ),
        ({"activities": ["mentoring", "x\x00"]}, ["body", "activities", 1]),
    ],
)
def test_an_award_with_nul_in_its_text_is_422_and_not_stored(
    client: TestClient, keys: Keys, change: dict[str, Any], loc: list[str | int]
) -> None:
    body = award_body("360G-test-nul", MOPAC, [CROYDON], **change)
    assert_refused(client.post("/v1/awards", json=body, headers=keys["admin"]), loc)
    assert client.get("/v1/awards/360G-test-nul").status_code == 404


def test_tabs_and_newlines_are_text(client: TestClient, keys: Keys) -> None:
    body = award_body("360G-test-tab", MOPAC, [CROYDON], description="Line one\r\n\tline two")
    assert client.post("/v1/awards", json=body, headers=keys["admin"]).status_code == 201
    assert client.get("/v1/awards/360G-test-tab").json()["description"].endswith("\tline two")


@settings(deadline=None)  # no timing limit: CI machines are loaded
@given(st.text(max_size=20))
def test_text_is_refused_exactly_when_it_holds_a_control_character(text: str) -> None:
    forbidden = any(
        (ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF
        for c in text
    )
    assert has_control_characters(text) == forbidden
    nested = {"a": [1, {"b": text}]}
    assert control_character_locations(nested, ["body"]) == (
        [["body", "a", 1, "b"]] if forbidden else []
    )
