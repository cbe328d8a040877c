"""Issue 12, item 4: a body that cannot be parsed is a 400 problem saying what is wrong."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"title": "caf\xe9"}', "not valid UTF-8"),
        (b"[" * 10_000 + b"]" * 10_000, "nested too deeply"),
        (b'{"boroughs": [], "planned_start": ' + b"9" * 5000 + b"}", "too many digits"),
    ],
    ids=["invalid-utf8", "nested-10000", "digits-5000"],
)
def test_an_unparsable_body_is_a_400_problem_saying_why(
    client: TestClient, body: bytes, says: str
) -> None:
    response = client.post("/v1/overlap/check", content=body, headers=JSON)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert says in problem["detail"] and problem["title"] == "Bad request"
    assert problem["errors"] == [{"loc": ["body"], "msg": problem["detail"]}]


def test_malformed_json_is_a_problem_naming_the_body(client: TestClient) -> None:
    response = client.post("/v1/overlap/check", content=b'{"boroughs": [', headers=JSON)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][0] == "body"
