from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.auth.service import create_key
from app.awards.export import csv_header
from app.imports.validation import package_validator
from tests.imports.conftest import LONDON, grant


def _auth(session: Session, role: str, **scope: list[str]) -> dict[str, str]:
    key = create_key(session=session, name=f"test-import-{role}", role=role, **scope)
    return {"Authorization": f"Bearer {key.secret}"}


@pytest.fixture
def admin(session: Session) -> dict[str, str]:
    return _auth(session, "admin")


def package(*grants: Any) -> bytes:
    return json.dumps({"grants": list(grants)}).encode()


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}], ids=str)
def test_import_without_a_valid_key_is_refused(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/v1/imports/360giving", content=package(grant(1)), headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_a_commissioner_key_may_not_import(client: TestClient, session: Session) -> None:
    headers = _auth(session, "commissioner", boroughs=["E09000012"])
    response = client.post("/v1/imports/360giving", content=package(grant(1)), headers=headers)
    assert response.status_code == 403


def test_a_funder_key_imports_only_its_own_funders_grants(
    client: TestClient, session: Session
) -> None:
    headers = _auth(session, "funder", funders=["city-bridge-trust"])  # GB-CHC-1035628
    own = client.post("/v1/imports/360giving", content=package(grant(1)), headers=headers)
    assert own.status_code == 200, own.text
    other = grant(2, fundingOrganization=[{"id": "GB-CHC-299963", "name": "Woodward"}])
    refused = client.post("/v1/imports/360giving", content=package(other), headers=headers)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "fundingOrganization/0/id"
    assert client.get("/v1/awards/360G-test-2").status_code == 404


def test_every_imported_award_is_in_the_change_log_under_the_key(
    client: TestClient, admin: dict[str, str]
) -> None:
    assert (
        client.post(
            "/v1/imports/360giving", content=package(grant(1), grant(2)), headers=admin
        ).json()["created"]
        == 2
    )
    changed = grant(2, amountAwarded=5000)
    assert (
        client.post(
            "/v1/imports/360giving", content=package(grant(1), changed), headers=admin
        ).json()["updated"]
        == 1
    )
    log = client.get("/v1/changes", params={"resource": "award", "limit": 200}).json()["items"]
    mine = [c for c in log if c["resource_id"].startswith("360G-test-")]
    assert [(c["resource_id"], c["action"]) for c in mine] == [
        ("360G-test-1", "create"),
        ("360G-test-2", "create"),
        ("360G-test-2", "update"),
    ]
    assert {c["actor"] for c in mine} == {"test-import-admin"}
    assert mine[2]["changes"]["amount"] == {"before": 1002, "after": 5000}


def test_an_import_bumps_the_version_of_awards_it_changes(
    client: TestClient, admin: dict[str, str]
) -> None:
    client.post("/v1/imports/360giving", content=package(grant(1)), headers=admin)
    before = client.get("/v1/awards/360G-test-1").headers["etag"].strip('"').split(".")[0]
    client.post("/v1/imports/360giving", content=package(grant(1, title="Renamed")), headers=admin)
    after = client.get("/v1/awards/360G-test-1").headers["etag"].strip('"').split(".")[0]
    assert int(after) == int(before) + 1


def test_an_uploaded_file_is_imported_and_its_grants_listed_by_borough(
    client: TestClient, admin: dict[str, str]
) -> None:
    with LONDON.open("rb") as upload:
        response = client.post(
            "/v1/imports/360giving", files={"file": (LONDON.name, upload)}, headers=admin
        )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["imported"] and report["created"] == report["rows_read"] == 134

    grants = json.loads(LONDON.read_text(encoding="utf-8"))["grants"]
    in_camden = {
        g["id"]
        for g in grants
        if any(loc.get("geoCode") == "E09000007" for loc in g.get("beneficiaryLocation", []))
    }
    listed = client.get("/v1/awards", params={"borough": "E09000007", "limit": 200}).json()
    imported = {a["id"] for a in listed["items"] if a["source"]["import_file"] == LONDON.name}
    assert in_camden and imported == in_camden


def test_a_refused_file_answers_422_naming_row_and_field(
    client: TestClient, admin: dict[str, str]
) -> None:
    body = package(grant(1), grant(2, amountAwarded=-5))
    response = client.post("/v1/imports/360giving", content=body, headers=admin)
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"][0]["row"] == 2
    assert problem["errors"][0]["field"] == "amountAwarded"
    assert client.get("/v1/awards/360G-test-1").status_code == 404


def test_the_360giving_export_validates_against_the_package_schema_and_round_trips(
    client: TestClient, admin: dict[str, str]
) -> None:
    client.post("/v1/imports/360giving", content=LONDON.read_bytes(), headers=admin)

    exported = client.get("/v1/awards", params={"format": "360giving"})

    assert exported.status_code == 200
    data = exported.json()
    assert list(package_validator().iter_errors(data)) == []
    ids = {g["id"] for g in json.loads(LONDON.read_text(encoding="utf-8"))["grants"]}
    assert ids <= {g["id"] for g in data["grants"]}
    before = [_award(client, i) for i in sorted(ids)]

    again = client.post("/v1/imports/360giving", content=exported.content, headers=admin).json()

    assert again["imported"] and again["created"] == again["rejected"] == 0
    # Seeded awards gain their 360Giving JSON; one grant's recipient id is published malformed
    # ("GB-COH-") and the export gives the id the import derived. The awards stay the same.
    seeded = len(data["grants"]) - len(ids)
    assert again["updated"] <= seeded + 1
    assert [_award(client, i) for i in sorted(ids)] == before


def _award(client: TestClient, identifier: str) -> dict[str, Any]:
    award: dict[str, Any] = client.get(f"/v1/awards/{identifier}").json()
    del award["source"]
    return award


def test_the_csv_export_uses_the_standards_titles_and_imports_back_unchanged(
    client: TestClient, admin: dict[str, str]
) -> None:
    client.post(
        "/v1/imports/360giving",
        content=package(grant(1), grant(2, amountAwarded=10.5)),
        headers=admin,
    )
    exported = client.get("/v1/awards", params={"format": "csv", "funder": "city-bridge-trust"})

    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0] == csv_header() and rows[0][:2] == ["Identifier", "Title"]
    ours = [r for r in rows if r[0].startswith("360G-test-")]
    assert {r[4] for r in ours} == {"1001", "10.5"}
    sheet = "\n".join(",".join(f'"{c}"' for c in row) for row in [rows[0], *ours])
    again = client.post(
        "/v1/imports/360giving",
        params={"format": "csv"},
        content=sheet.encode(),
        headers=admin,
    ).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (grant(2, awardDate="9999-12-31"), "awardDate"),
        (grant(2, title="nul\x00byte"), "title"),
    ],
)
def test_an_out_of_range_date_or_a_nul_byte_answers_422_not_500(
    client: TestClient, admin: dict[str, str], bad: dict[str, Any], field: str
) -> None:
    for dry_run in (False, True):
        response = client.post(
            "/v1/imports/360giving",
            params={"dry_run": dry_run, "skip_invalid": True},
            content=package(grant(1), bad),
            headers=admin,
        )
        assert response.status_code == 200, response.text
        assert [p["field"] for p in response.json()["rejections"]] == [field]
    refused = client.post("/v1/imports/360giving", content=package(bad), headers=admin)
    assert refused.status_code == 422
