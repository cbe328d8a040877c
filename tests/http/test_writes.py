"""Writes: validation, versions and ETags, soft delete, the change log, idempotency."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.streams.models import FundingStream
from tests.factories import (
    CROYDON,
    MOPAC,
    OWN_AWARD,
    OWN_STREAM,
    award_body,
    if_match,
    stream_body,
    version_of,
)

Keys = dict[str, dict[str, str]]


def changes(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get("/v1/changes", params={"limit": 200, **params}).json()[
        "items"
    ]
    return items


def test_a_created_stream_reads_back_with_exact_money(
    client: TestClient, keys: Keys, session: Session
) -> None:
    response = client.post(
        "/v1/streams", json=stream_body("new-round", MOPAC), headers=keys["admin"]
    )
    assert response.status_code == 201, response.text
    assert response.headers["location"] == "/v1/streams/new-round"
    got = client.get("/v1/streams/new-round")
    assert version_of(got.headers["etag"]) == 1
    body = got.json()
    assert body["max_award"] == 10000.5 and body["boroughs"] == [CROYDON]
    assert body["eligibility"]["applicant_types"] == ["registered-charity"]
    stored = session.scalar(select(FundingStream).where(FundingStream.slug == "new-round"))
    assert stored is not None and stored.max_award_pence == 1000050


def test_an_id_left_out_is_derived_from_the_name_readable_unique_and_stable(
    client: TestClient, keys: Keys
) -> None:
    body = stream_body("unused", MOPAC, name="Safer Streets Fund: Round 3")
    del body["id"]
    first = client.post("/v1/streams", json=body, headers=keys["admin"])
    assert first.status_code == 201, first.text
    assert first.json()["id"] == "safer-streets-fund-round-3"
    assert first.headers["location"] == "/v1/streams/safer-streets-fund-round-3"
    second = client.post("/v1/streams", json=body, headers=keys["admin"])
    assert second.json()["id"] == "safer-streets-fund-round-3-2"
    # Renaming keeps the id: links and subscriptions go on working.
    path = "/v1/streams/safer-streets-fund-round-3"
    renamed = client.patch(
        path, json={"name": "Another name"}, headers=if_match(client, path, keys["admin"])
    )
    assert renamed.status_code == 200 and renamed.json()["id"] == "safer-streets-fund-round-3"

    funder = client.post(
        "/v1/funders",
        json={"name": "Lambeth Community Trust", "kind": "trust"},
        headers=keys["admin"],
    )
    assert funder.status_code == 201, funder.text
    assert funder.json()["id"] == "lambeth-community-trust"


def test_the_optional_id_is_documented() -> None:
    from app.main import create_app

    schemas = create_app().openapi()["components"]["schemas"]
    for name in ("StreamCreate", "FunderCreate"):
        assert "id" not in schemas[name].get("required", [])
        assert "derived from the name" in schemas[name]["properties"]["id"]["description"]


@pytest.mark.parametrize(
    ("given", "fraction", "number"),
    [("1/3", "1/3", 1 / 3), (0.5, "1/2", 0.5), ("0.25", "1/4", 0.25), ("2/6", "1/3", 1 / 3)],
)
def test_a_grant_to_income_ratio_is_kept_exactly(
    client: TestClient, keys: Keys, given: Any, fraction: str, number: float
) -> None:
    body = stream_body("ratio-round", MOPAC, eligibility={"max_grant_to_income_ratio": given})
    assert client.post("/v1/streams", json=body, headers=keys["admin"]).status_code == 201
    rules = client.get("/v1/streams/ratio-round").json()["eligibility"]
    assert rules["max_grant_to_income_fraction"] == fraction
    assert rules["max_grant_to_income_ratio"] == pytest.approx(number)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"activities": ["juggling"]}, ["body", "activities"]),
        ({"boroughs": ["E09000099"]}, ["body", "boroughs"]),
        ({"closes_on": "2026-12-01"}, ["body", "closes_on"]),
        ({"min_award": 20000}, ["body", "max_award"]),
        ({"max_award": -5}, ["body", "max_award"]),
        ({"min_award": 10.001}, ["body", "min_award"]),
        ({"funder": "nobody"}, ["body", "funder"]),
        ({"max_awrd": 5}, ["body", "max_awrd"]),
        (
            {"eligibility": {"income_min": 300000, "income_max": 1}},
            ["body", "eligibility", "income_max"],
        ),
        (
            {"eligibility": {"max_grant_to_income_ratio": "3/2"}},
            ["body", "eligibility", "max_grant_to_income_ratio"],
        ),
        (
            {"eligibility": {"max_grant_to_income_ratio": "a third"}},
            ["body", "eligibility", "max_grant_to_income_ratio"],
        ),
        # Yes/no is JSON's true or false: not 1, "yes" or "true" (pydantic's lax mode took them).
        ({"multi_year": 1}, ["body", "multi_year"]),
        ({"illustrative": "yes"}, ["body", "illustrative"]),
        (
            {"eligibility": {"london_based_required": "true"}},
            ["body", "eligibility", "london_based_required"],
        ),
        # Whole numbers are JSON numbers: not "12", and not true (which lax mode read as 1).
        ({"max_duration_months": "12"}, ["body", "max_duration_months"]),
        ({"age_min": True}, ["body", "age_min"]),
    ],
)
def test_bad_stream_input_is_a_422_naming_the_field(
    client: TestClient, keys: Keys, change: dict[str, Any], field: list[str]
) -> None:
    before = changes(client)
    response = client.post(
        "/v1/streams", json=stream_body("bad-round", MOPAC) | change, headers=keys["admin"]
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["loc"][: len(field)] for e in response.json()["errors"]] == [field]
    assert client.get("/v1/streams/bad-round").status_code == 404
    assert changes(client) == before


def test_a_patch_is_checked_against_the_merged_record(client: TestClient, keys: Keys) -> None:
    path = f"/v1/streams/{OWN_STREAM}"
    current = client.get(path).json()
    too_high = (current["max_award"] or 0) + 1 if current["max_award"] else None
    if too_high is None:
        pytest.skip("seed stream has no max award")
    response = client.patch(
        path, json={"min_award": too_high}, headers=if_match(client, path, keys["admin"])
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "max_award"]


def test_patch_needs_if_match_and_a_stale_one_is_412(client: TestClient, keys: Keys) -> None:
    path = f"/v1/streams/{OWN_STREAM}"
    assert client.patch(path, json={"summary": "x"}, headers=keys["admin"]).status_code == 428
    first = client.get(path)
    headers = {**keys["admin"], "If-Match": first.headers["etag"]}
    done = client.patch(path, json={"summary": "First edit."}, headers=headers)
    assert done.status_code == 200
    assert version_of(done.headers["etag"]) == version_of(first.headers["etag"]) + 1
    updated = [dt.datetime.fromisoformat(r.json()["updated_at"]) for r in (first, done)]
    assert updated[1] > updated[0]
    stale = client.patch(path, json={"summary": "Second edit."}, headers=headers)
    assert stale.status_code == 412
    assert client.get(path).json()["summary"] == "First edit."
    assert client.delete(path, headers=headers).status_code == 412
    assert client.delete(path, headers=keys["admin"]).status_code == 428


def test_every_write_is_in_the_change_log_with_its_author_and_diff(
    client: TestClient, keys: Keys
) -> None:
    start = len(changes(client))
    path = f"/v1/streams/{OWN_STREAM}"
    old_summary = client.get(path).json()["summary"]
    client.patch(path, json={"summary": "Edited."}, headers=if_match(client, path, keys["funder"]))
    client.delete(path, headers=if_match(client, path, keys["funder"]))
    client.post(f"{path}/restore", headers=keys["admin"])
    log = changes(client)[start:]
    assert [(c["actor"], c["action"], c["resource_id"]) for c in log] == [
        ("test-mopac", "update", OWN_STREAM),
        ("test-mopac", "delete", OWN_STREAM),
        ("test-admin", "restore", OWN_STREAM),
    ]
    assert log[0]["changes"] == {"summary": {"before": old_summary, "after": "Edited."}}
    assert log[1]["changes"]["name"]["after"] is None


def test_the_change_log_pages_and_filters(client: TestClient, keys: Keys) -> None:
    for i in range(3):
        body = award_body(f"360G-log-{i}", MOPAC, [CROYDON])
        assert client.post("/v1/awards", json=body, headers=keys["admin"]).status_code == 201
    awards = changes(client, resource="award")
    assert len(awards) >= 3 and {c["resource"] for c in awards} == {"award"}
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, "resource": "award"}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/v1/changes", params=params).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [c["id"] for c in awards] == sorted(seen)
    assert changes(client, since="2100-12-31T00:00:00Z") == []
    assert client.get("/v1/changes", params={"resource": "planet"}).status_code == 422


def test_a_deleted_award_is_gone_from_every_read_and_restorable(
    client: TestClient, keys: Keys
) -> None:
    path = f"/v1/awards/{OWN_AWARD}"
    award = client.get(path).json()
    org = award["recipient"]["org_id"]
    assert (
        client.delete(path, headers=if_match(client, path, keys["commissioner"])).status_code == 204
    )
    assert client.get(path).status_code == 404
    assert OWN_AWARD not in [
        a["id"] for a in client.get("/v1/awards", params={"limit": 200}).json()["items"]
    ]
    assert OWN_AWARD not in [
        a["id"] for a in client.get(f"/v1/organisations/{org}").json()["awards"]
    ]
    assert client.post(f"{path}/restore", headers=keys["admin"]).status_code == 200
    assert client.get(path).json()["amount"] == award["amount"]
    # Restoring a live record is a conflict with its state, not a record that is not there.
    again = client.post(f"{path}/restore", headers=keys["admin"])
    assert again.status_code == 409, again.text
    assert client.post("/v1/awards/360G-no-such/restore", headers=keys["admin"]).status_code == 404


def test_a_deleted_stream_leaves_its_funder_page(client: TestClient, keys: Keys) -> None:
    path = f"/v1/streams/{OWN_STREAM}"
    assert client.delete(path, headers=if_match(client, path, keys["admin"])).status_code == 204
    assert client.get(path).status_code == 404
    streams = client.get(f"/v1/funders/{MOPAC}").json()["streams"]
    assert OWN_STREAM not in [s["id"] for s in streams]


def test_idempotency_key_replays_the_first_answer(client: TestClient, keys: Keys) -> None:
    headers = {**keys["admin"], "Idempotency-Key": "abc-123"}
    body = award_body("360G-idem", MOPAC, [CROYDON])
    first = client.post("/v1/awards", json=body, headers=headers)
    assert first.status_code == 201
    start = len(changes(client))
    # Same JSON in another key order is the same request.
    again = client.post("/v1/awards", json=dict(reversed(body.items())), headers=headers)
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert len(changes(client)) == start
    other = client.post("/v1/awards", json={**body, "title": "Other"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    # Without the key, a repeat is a conflict: the id exists.
    assert client.post("/v1/awards", json=body, headers=keys["admin"]).status_code == 409


def test_a_failed_create_does_not_use_up_the_idempotency_key(
    client: TestClient, keys: Keys
) -> None:
    headers = {**keys["admin"], "Idempotency-Key": "retry-me"}
    bad = award_body("360G-idem2", MOPAC, ["E09000099"])
    assert client.post("/v1/awards", json=bad, headers=headers).status_code == 422
    good = award_body("360G-idem2", MOPAC, [CROYDON])
    assert client.post("/v1/awards", json=good, headers=headers).status_code == 201


def test_a_revoked_key_stops_working_at_once(
    client: TestClient, keys: Keys, session: Session
) -> None:
    from app.auth.service import revoke_key

    body = stream_body("revoked-round", MOPAC)
    revoke_key(session=session, name="test-mopac")
    assert client.post("/v1/streams", json=body, headers=keys["funder"]).status_code == 401


def test_keys_are_stored_only_as_hashes(session: Session) -> None:
    from app.auth.models import ApiKey
    from app.auth.service import create_key, hash_key

    new = create_key(session=session, name="hash-check", role="admin")
    stored = session.scalar(select(ApiKey).where(ApiKey.name == "hash-check"))
    assert stored is not None
    assert stored.key_hash == hash_key(new.secret) and new.secret not in stored.key_hash


def test_funder_with_streams_cannot_be_deleted(client: TestClient, keys: Keys) -> None:
    path = f"/v1/funders/{MOPAC}"
    assert client.delete(path, headers=if_match(client, path, keys["admin"])).status_code == 409


def test_keys_never_reach_the_logs(
    client: TestClient, keys: Keys, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    client.post("/v1/streams", json=stream_body("logged-round", MOPAC), headers=keys["admin"])
    client.post("/v1/streams", json={}, headers={"Authorization": "Bearer sp_wrong-key"})
    secret = keys["admin"]["Authorization"].removeprefix("Bearer ")
    assert secret not in caplog.text and "sp_wrong-key" not in caplog.text
