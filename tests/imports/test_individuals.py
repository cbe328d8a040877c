"""Grants to individuals (360Giving `recipientIndividual`): imported as awards with no
organisation, keeping the funder's id for the person and the standard's codes, never a name;
read, checked for overlap, counted in insights and exported like any other award."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards.grants360 import is_generic_name
from app.awards.models import Award
from app.imports.mapping import map_grant
from app.imports.reader import iter_file
from app.imports.service import import_grants
from app.imports.validation import GrantValidator, package_validator
from tests.imports.conftest import grant, post_grants

CAMDEN = [{"name": "Camden", "geoCode": "E09000007", "geoCodeType": "LONB"}]


def to_person(n: int, name: str = "Individual Recipient", **changes: Any) -> dict[str, Any]:
    person: dict[str, Any] = {
        "recipientOrganization": None,
        "recipientIndividual": {"id": f"360G-test-person-{n}", "name": name},
        "toIndividualsDetails": {
            "primaryGrantReason": "GTIR010",
            "secondaryGrantReason": "GTIR040",
            "grantPurpose": ["GTIP010", "GTIP040"],
        },
        "beneficiaryLocation": CAMDEN,
    }
    return grant(n, **(person | changes))


def test_generic_labels_are_not_names_and_names_are() -> None:
    for label in ("Individual Recipient", "individual", "Anonymous", "Name withheld", ""):
        assert is_generic_name(label), label
    for name in ("Jane Doe", "Mohammed Ali", "J. Smith"):
        assert not is_generic_name(name), name


def test_a_persons_name_is_dropped_with_a_warning_that_does_not_repeat_it() -> None:
    published = to_person(1, name="Jane Doe")
    assert GrantValidator().problems(published) == []
    record = map_grant(published, known_boroughs=frozenset({"E09000007"}))
    assert record.recipient is None
    assert record.individual == {
        "id": "360G-test-person-1",
        "primaryGrantReason": "GTIR010",
        "secondaryGrantReason": "GTIR040",
        "grantPurpose": ["GTIP010", "GTIP040"],
    }
    assert record.raw["recipientIndividual"]["name"] == "Individual Recipient"
    assert "Jane" not in json.dumps(record.raw)
    [warning] = record.warnings
    assert warning.field == "recipientIndividual.name" and "Jane" not in warning.reason
    assert published["recipientIndividual"]["name"] == "Jane Doe"  # the input is not changed


def test_codes_outside_the_standards_codelists_are_refused() -> None:
    bad = to_person(1, toIndividualsDetails={"primaryGrantReason": "X", "grantPurpose": ["Y"]})
    assert {p.field for p in GrantValidator().problems(bad)} == {
        "toIndividualsDetails.primaryGrantReason",
        "toIndividualsDetails.grantPurpose.0",
    }


def test_a_file_mixing_organisations_and_individuals_imports(
    client: TestClient, admin: dict[str, str], session: Session
) -> None:
    report = post_grants(client, admin, grant(1), to_person(2, name="Jane Doe"), to_person(3))

    assert report["imported"] and (report["created"], report["rejected"]) == (3, 0)
    assert [(w["row"], w["field"]) for w in report["warnings"]] == [(2, "recipientIndividual.name")]
    award = client.get("/v1/awards/360G-test-2").json()
    assert award["recipient"] is None
    assert award["recipient_individual"] == {
        "id": "360G-test-person-2",
        "primary_grant_reason": "GTIR010",
        "secondary_grant_reason": "GTIR040",
        "grant_purpose": ["GTIP010", "GTIP040"],
    }
    stored = session.scalar(select(Award).where(Award.identifier == "360G-test-2"))
    assert stored is not None and stored.recipient_pk is None
    assert "Jane" not in json.dumps(stored.raw)
    again = post_grants(client, admin, grant(1), to_person(2, name="Jane Doe"), to_person(3))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)


def test_awards_to_individuals_are_counted_checked_and_exported(
    client: TestClient, admin: dict[str, str]
) -> None:
    before = client.get("/v1/insights/priorities", params={"rows": "borough"}).json()
    post_grants(client, admin, to_person(1, amountAwarded=250, awardDate="2024-05-01"))

    after = client.get("/v1/insights/priorities", params={"rows": "borough"}).json()
    assert after["total"]["count"] == before["total"]["count"] + 1
    assert round(after["total"]["amount"] - before["total"]["amount"], 2) == 250

    check = client.post(
        "/v1/overlap/check",
        json={
            "recipient": {"name": "Individual Recipient"},
            "boroughs": ["E09000007"],
            "planned_start": "2024-05-01",
            "planned_end": "2024-12-31",
            "description": "Youth work",
        },
    )
    assert check.status_code == 200, check.text
    mine = [m for m in check.json()["matches"] if m["award"]["id"] == "360G-test-1"]
    # Found for its place and purpose, never as "the same recipient" by name.
    assert all(not m["kind"].startswith("same_recipient") for m in mine)

    exported = client.get("/v1/awards", params={"format": "360giving"}).json()
    assert list(package_validator().iter_errors(exported)) == []
    [out] = [g for g in exported["grants"] if g["id"] == "360G-test-1"]
    assert "recipientOrganization" not in out
    assert out["recipientIndividual"] == {
        "id": "360G-test-person-1",
        "name": "Individual Recipient",
    }
    assert out["toIndividualsDetails"]["grantPurpose"] == ["GTIP010", "GTIP040"]


def test_the_csv_export_of_an_award_to_an_individual_reads_back_the_same(
    client: TestClient, admin: dict[str, str], session: Session, tmp_path: Any
) -> None:
    post_grants(client, admin, to_person(1), grant(2))
    exported = client.get("/v1/awards", params={"format": "csv", "funder": "city-bridge-trust"})
    path = tmp_path / "grants.csv"
    header, *rows = exported.text.splitlines(keepends=True)
    path.write_text(header + "".join(r for r in rows if r.startswith("360G-test-")), "utf-8")
    report = import_grants(session=session, grants=iter_file(path), file_name=path.name)
    assert report.imported, report.rejections
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    award = session.scalar(select(Award).where(Award.identifier == "360G-test-1"))
    assert award is not None and award.recipient_individual == to_person(1)[
        "toIndividualsDetails"
    ] | {"id": "360G-test-person-1"}
