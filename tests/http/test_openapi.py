"""Issue 12, item 12: the OpenAPI document states every status and media type the operations
answer, problems with the problem schema, so a generated client handles them."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.http.problems import PROBLEM_JSON
from tests.factories import OWN_AWARD

Keys = dict[str, dict[str, str]]


@pytest.fixture
def document(client: TestClient) -> dict[str, Any]:
    found: dict[str, Any] = client.get("/openapi.json").json()
    return found


def responses(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    found: dict[str, Any] = document["paths"][path][method]["responses"]
    return found


def test_every_problem_answer_is_documented_as_problem_json(document: dict[str, Any]) -> None:
    assert "Problem" in document["components"]["schemas"]
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for operations in document["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == [PROBLEM_JSON]
                    schema = response["content"][PROBLEM_JSON]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Problem"}
            assert {"422", "429"} <= set(operation["responses"])


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("post", "/v1/awards", {"201", "400", "401", "403", "409", "413", "422", "429", "503"}),
        (
            "patch",
            "/v1/streams/{stream_id}",
            {"200", "400", "401", "403", "404", "409", "412", "413", "422", "428", "429", "503"},
        ),
        ("delete", "/v1/funders/{funder_id}", {"204", "404", "409", "412", "428"}),
        ("get", "/v1/awards/{award_id}", {"200", "304", "404", "422", "429"}),
        ("post", "/v1/overlap/check", {"200", "400", "413", "422", "429"}),
        ("get", "/readyz", {"200", "503"}),
    ],
)
def test_operations_document_the_statuses_they_answer(
    document: dict[str, Any], method: str, path: str, statuses: set[str]
) -> None:
    assert statuses <= set(responses(document, method, path))


@pytest.mark.parametrize(
    ("path", "media_types"),
    [
        ("/v1/awards", {"application/json", "text/csv"}),
        ("/v1/streams/feed.atom", {"application/atom+xml"}),
        ("/v1/streams/deadlines.ics", {"text/calendar"}),
        ("/v1/insights/priorities", {"application/json", "text/csv"}),
    ],
)
def test_every_media_type_is_documented(
    document: dict[str, Any], path: str, media_types: set[str]
) -> None:
    assert media_types <= set(responses(document, "get", path)["200"]["content"])


def test_the_360giving_package_is_documented_beside_the_page(document: dict[str, Any]) -> None:
    schema = responses(document, "get", "/v1/awards")["200"]["content"]["application/json"]
    refs = {s.get("$ref", "").rsplit("/", 1)[-1] for s in schema["schema"]["anyOf"]}
    assert {"Page_AwardRead_", "GrantPackage"} <= refs


def test_answers_met_in_use_are_documented(
    client: TestClient, document: dict[str, Any], keys: Keys
) -> None:
    award = f"/v1/awards/{OWN_AWARD}"
    met = [
        ("patch", "/v1/awards/{award_id}", client.patch(award, json={}, headers=keys["admin"])),
        (
            "patch",
            "/v1/awards/{award_id}",
            client.patch(award, json={}, headers=keys["commissioner"]),
        ),
        ("post", "/v1/awards", client.post("/v1/awards", json={})),
        ("post", "/v1/overlap/check", client.post("/v1/overlap/check", content=b"[" * 5000)),
        ("get", "/v1/streams/{stream_id}", client.get("/v1/streams/nope")),
        ("get", "/v1/awards", client.get("/v1/awards", params={"format": "csv"})),
    ]
    for method, path, response in met:
        documented = responses(document, method, path)
        assert str(response.status_code) in documented, (path, response.status_code)
        media_type = response.headers["content-type"].split(";")[0]
        assert media_type in documented[str(response.status_code)]["content"], path
