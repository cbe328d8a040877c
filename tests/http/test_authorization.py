"""Authorization gaps of issue 12: an award's stream is its funder's (item 8), and the right to a
record is checked before its preconditions (item 9)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.factories import (
    CROYDON,
    GLA,
    MOPAC,
    OTHER_AWARD,
    OTHER_STREAM,
    OWN_AWARD,
    OWN_STREAM,
    award_body,
    if_match,
)

Keys = dict[str, dict[str, str]]


@pytest.mark.parametrize("role", ["admin", "funder", "commissioner"])
def test_an_award_cannot_be_filed_under_another_funders_stream(
    client: TestClient, keys: Keys, role: str
) -> None:
    body = award_body("360G-foreign-stream", MOPAC, [CROYDON], stream_id=OTHER_STREAM)
    answer = client.post("/v1/awards", json=body, headers=keys[role])
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["loc"] == ["body", "stream_id"]
    assert client.get("/v1/awards/360G-foreign-stream").status_code == 404
    listed = client.get("/v1/awards", params={"stream": OTHER_STREAM, "limit": 200}).json()
    assert "360G-foreign-stream" not in {a["id"] for a in listed["items"]}
    # Its own funder's stream is fine.
    own = award_body("360G-own-stream", MOPAC, [CROYDON], stream_id=OWN_STREAM)
    assert client.post("/v1/awards", json=own, headers=keys[role]).status_code == 201


@pytest.mark.parametrize("role", ["admin", "funder", "commissioner"])
def test_a_patch_cannot_move_an_award_under_another_funders_stream(
    client: TestClient, keys: Keys, role: str
) -> None:
    path = f"/v1/awards/{OWN_AWARD}"
    answer = client.patch(
        path, json={"stream_id": OTHER_STREAM}, headers=if_match(client, path, keys[role])
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["loc"] == ["body", "stream_id"]
    assert client.get(path).json()["stream_id"] != OTHER_STREAM


def test_changing_only_the_funder_keeps_the_stream_rule(client: TestClient, keys: Keys) -> None:
    """An award under a MOPAC stream cannot move to the GLA while it keeps that stream."""
    created = client.post(
        "/v1/awards",
        json=award_body("360G-stays", MOPAC, [CROYDON], stream_id=OWN_STREAM),
        headers=keys["admin"],
    )
    assert created.status_code == 201, created.text
    path = "/v1/awards/360G-stays"
    moved = client.patch(path, json={"funder": GLA}, headers=if_match(client, path, keys["admin"]))
    assert moved.status_code == 422, moved.text
    both = client.patch(
        path,
        json={"funder": GLA, "stream_id": OTHER_STREAM},
        headers=if_match(client, path, keys["admin"]),
    )
    assert both.status_code == 200, both.text


def test_a_stream_with_awards_cannot_move_to_another_funder(client: TestClient, keys: Keys) -> None:
    path = f"/v1/streams/{OWN_STREAM}"
    answer = client.patch(path, json={"funder": GLA}, headers=if_match(client, path, keys["admin"]))
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["loc"] == ["body", "funder"]


@pytest.mark.parametrize(
    "path", [f"/v1/awards/{OTHER_AWARD}", f"/v1/streams/{OTHER_STREAM}", f"/v1/funders/{GLA}"]
)
def test_a_key_without_the_right_gets_403_before_any_precondition(
    client: TestClient, keys: Keys, path: str
) -> None:
    """A MOPAC key writing the GLA's records learns that it may not, not what If-Match to send."""
    funder = keys["funder"]
    assert client.patch(path, json={}, headers=funder).status_code == 403
    assert client.delete(path, headers=funder).status_code == 403
    stale = {**funder, "If-Match": '"999"'}
    assert client.patch(path, json={}, headers=stale).status_code == 403
    assert client.delete(path, headers=stale).status_code == 403
    # The owner still gets the precondition.
    assert client.patch(path, json={}, headers=keys["admin"]).status_code == 428
