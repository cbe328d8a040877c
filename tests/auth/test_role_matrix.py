"""Every role against every write endpoint, on a resource in its scope ("own") and outside it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.factories import (
    CROYDON,
    EMPTY_FUNDER,
    GLA,
    HAVERING,
    MOPAC,
    OTHER_AWARD,
    OTHER_EMPTY_FUNDER,
    OTHER_STREAM,
    OWN_AWARD,
    OWN_STREAM,
    award_body,
    if_match,
    stream_body,
)

Headers = dict[str, str]
Case = Callable[[TestClient, Headers, Headers, bool], int]


def create_funder(c: TestClient, h: Headers, _admin: Headers, _own: bool) -> int:
    return c.post(
        "/v1/funders", json={"id": "brand-new-funder", "name": "New"}, headers=h
    ).status_code


def update_funder(c: TestClient, h: Headers, _admin: Headers, own: bool) -> int:
    path = f"/v1/funders/{MOPAC if own else GLA}"
    return c.patch(path, json={"kind": "statutory"}, headers=if_match(c, path, h)).status_code


def delete_funder(c: TestClient, h: Headers, _admin: Headers, own: bool) -> int:
    path = f"/v1/funders/{EMPTY_FUNDER if own else OTHER_EMPTY_FUNDER}"
    return c.delete(path, headers=if_match(c, path, h)).status_code


def create_stream(c: TestClient, h: Headers, _admin: Headers, own: bool) -> int:
    body = stream_body("matrix-stream", MOPAC if own else GLA)
    return c.post("/v1/streams", json=body, headers=h).status_code


def update_stream(c: TestClient, h: Headers, _admin: Headers, own: bool) -> int:
    path = f"/v1/streams/{OWN_STREAM if own else OTHER_STREAM}"
    return c.patch(path, json={"summary": "Edited."}, headers=if_match(c, path, h)).status_code


def move_stream(c: TestClient, h: Headers, admin: Headers, _own: bool) -> int:
    # A stream without awards: one with awards stays with their funder (test_writes.py).
    created = c.post("/v1/streams", json=stream_body("matrix-move", MOPAC), headers=admin)
    assert created.status_code == 201, created.text
    path = "/v1/streams/matrix-move"
    return c.patch(path, json={"funder": GLA}, headers=if_match(c, path, h)).status_code


def delete_stream(c: TestClient, h: Headers, _admin: Headers, own: bool) -> int:
    path = f"/v1/streams/{OWN_STREAM if own else OTHER_STREAM}"
    return c.delete(path, headers=if_match(c, path, h)).status_code


def restore_stream(c: TestClient, h: Headers, admin: Headers, own: bool) -> int:
    path = f"/v1/streams/{OWN_STREAM if own else OTHER_STREAM}"
    assert c.delete(path, headers=if_match(c, path, admin)).status_code == 204
    return c.post(f"{path}/restore", headers=h).status_code


def create_award(c: TestClient, h: Headers, _admin: Headers, own: bool) -> int:
    body = award_body("360G-matrix-award", MOPAC if own else GLA, [CROYDON] if own else [HAVERING])
    return c.post("/v1/awards", json=body, headers=h).status_code


def update_award(c: TestClient, h: Headers, _admin: Headers, own: bool) -> int:
    path = f"/v1/awards/{OWN_AWARD if own else OTHER_AWARD}"
    return c.patch(path, json={"title": "Edited"}, headers=if_match(c, path, h)).status_code


def move_award(c: TestClient, h: Headers, _admin: Headers, _own: bool) -> int:
    """Out of the caller's scope: to another funder (out of its stream, which is MOPAC's) and
    into another borough."""
    path = f"/v1/awards/{OWN_AWARD}"
    body = {"funder": GLA, "stream_id": None, "boroughs": [CROYDON, HAVERING]}
    return c.patch(path, json=body, headers=if_match(c, path, h)).status_code


def delete_award(c: TestClient, h: Headers, _admin: Headers, own: bool) -> int:
    path = f"/v1/awards/{OWN_AWARD if own else OTHER_AWARD}"
    return c.delete(path, headers=if_match(c, path, h)).status_code


def restore_award(c: TestClient, h: Headers, admin: Headers, own: bool) -> int:
    path = f"/v1/awards/{OWN_AWARD if own else OTHER_AWARD}"
    assert c.delete(path, headers=if_match(c, path, admin)).status_code == 204
    return c.post(f"{path}/restore", headers=h).status_code


# case -> role -> (status on own resource, status on other's resource)
MATRIX: dict[Case, dict[str, tuple[int, int]]] = {
    create_funder: {"admin": (201, 201), "funder": (403, 403), "commissioner": (403, 403)},
    update_funder: {"admin": (200, 200), "funder": (200, 403), "commissioner": (403, 403)},
    delete_funder: {"admin": (204, 204), "funder": (403, 403), "commissioner": (403, 403)},
    create_stream: {"admin": (201, 201), "funder": (201, 403), "commissioner": (403, 403)},
    update_stream: {"admin": (200, 200), "funder": (200, 403), "commissioner": (403, 403)},
    move_stream: {"admin": (200, 200), "funder": (403, 403), "commissioner": (403, 403)},
    delete_stream: {"admin": (204, 204), "funder": (204, 403), "commissioner": (403, 403)},
    restore_stream: {"admin": (200, 200), "funder": (403, 403), "commissioner": (403, 403)},
    create_award: {"admin": (201, 201), "funder": (201, 403), "commissioner": (201, 403)},
    update_award: {"admin": (200, 200), "funder": (200, 403), "commissioner": (200, 403)},
    move_award: {"admin": (200, 200), "funder": (403, 403), "commissioner": (403, 403)},
    delete_award: {"admin": (204, 204), "funder": (204, 403), "commissioner": (204, 403)},
    restore_award: {"admin": (200, 200), "funder": (403, 403), "commissioner": (403, 403)},
}
CELLS = [
    pytest.param(case, role, own, expected[0 if own else 1], id=f"{case.__name__}-{role}-{w}")
    for case, roles in MATRIX.items()
    for role, expected in roles.items()
    for own, w in ((True, "own"), (False, "other"))
]


@pytest.mark.parametrize(("case", "role", "own", "expected"), CELLS)
def test_role_matrix(
    client: TestClient,
    keys: dict[str, dict[str, str]],
    case: Case,
    role: str,
    own: bool,
    expected: int,
) -> None:
    before = len(client.get("/v1/changes", params={"limit": 200}).json()["items"])
    status = case(client, keys[role], keys["admin"], own)
    assert status == expected
    after = client.get("/v1/changes", params={"limit": 200}).json()["items"]
    if expected == 403:
        # A refused write leaves no trace (restore cases made one delete as admin first).
        assert all(c["actor"] != keys_name(role) for c in after[before:])


def keys_name(role: str) -> str:
    return {"admin": "test-admin", "funder": "test-mopac", "commissioner": "test-croydon"}[role]


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_a_write_without_a_key_is_401(client: TestClient, method: str) -> None:
    path = "/v1/streams" if method == "post" else f"/v1/streams/{OWN_STREAM}"
    response = client.request(method.upper(), path, json={})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["content-type"] == "application/problem+json"


def test_an_unknown_key_is_401(client: TestClient) -> None:
    response = client.post(
        "/v1/streams", json=stream_body("x", MOPAC), headers={"Authorization": "Bearer sp_nope"}
    )
    assert response.status_code == 401
