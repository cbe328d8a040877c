"""Repair mode: a fixed list of well-known slips in optional fields is fixed and reported; a
required field is never guessed; strict mode (the default) refuses the slips and says what
repair mode would do."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards.models import Award
from app.imports.repair import repair_grant
from app.imports.validation import GrantValidator
from tests.imports.conftest import grant

ORG = {"id": "GB-CHC-1", "name": "Youth Club"}
SLIPS: dict[str, tuple[dict[str, Any], str, Any, Any]] = {
    "open call Y": (grant(1, fromOpenCall="Y"), "fromOpenCall", "Y", "Yes"),
    "open call n": (grant(1, fromOpenCall="n"), "fromOpenCall", "n", "No"),
    "open call boolean": (grant(1, fromOpenCall=False), "fromOpenCall", False, "No"),
    "url without scheme": (
        grant(1, url="www.example.org.uk"),
        "url",
        "www.example.org.uk",
        "https://www.example.org.uk",
    ),
    "two urls in one field": (
        grant(1, recipientOrganization=[ORG | {"url": "https://a.org.uk; www.b.org.uk"}]),
        "recipientOrganization.0.url",
        "https://a.org.uk; www.b.org.uk",
        "https://a.org.uk",
    ),
    "two urls with a slash": (
        grant(1, grantProgramme=[{"title": "P", "url": "a.org.uk / b.org.uk"}]),
        "grantProgramme.0.url",
        "a.org.uk / b.org.uk",
        "https://a.org.uk",
    ),
    "spaces around a code": (
        grant(1, beneficiaryLocation=[{"geoCode": " E09000012 ", "geoCodeType": "LONB"}]),
        "beneficiaryLocation.0.geoCode",
        " E09000012 ",
        "E09000012",
    ),
    "spaces around a planned date": (
        grant(1, plannedDates=[{"startDate": " 2024-04-01", "endDate": "2025-03-31"}]),
        "plannedDates.0.startDate",
        " 2024-04-01",
        "2024-04-01",
    ),
    "lower-case country code": (
        grant(1, beneficiaryLocation=[{"name": "UK", "countryCode": "gb"}]),
        "beneficiaryLocation.0.countryCode",
        "gb",
        "GB",
    ),
}


@pytest.mark.parametrize("slip", SLIPS)
def test_each_slip_is_repaired_and_reported(slip: str) -> None:
    published, field, before, after = SLIPS[slip]
    repaired, repairs = repair_grant(published)
    assert [(r.field, r.before, r.after) for r in repairs] == [(field, before, after)]
    assert GrantValidator().problems(repaired) == []
    assert repair_grant(repaired)[1] == []  # a repaired grant has nothing left to repair


@pytest.mark.parametrize(
    "published",
    [
        grant(1, title=" Padded title "),
        grant(1, id=" 360G-test-1"),
        grant(1, currency=" GBP"),
        grant(1, awardDate=" 2024-04-01"),
        grant(1, recipientOrganization=[{"id": " GB-CHC-1 ", "name": " Club "}]),
        grant(1, fundingOrganization=[{"id": "GB-CHC-1035628 ", "name": "CBT "}]),
        grant(1, url="https://example.org/a page"),
        grant(1, url="see our website"),
    ],
    ids=lambda g: json.dumps(g)[:60],
)
def test_required_fields_and_unclear_values_are_never_guessed(published: dict[str, Any]) -> None:
    assert repair_grant(published)[1] == []


def test_dates_with_a_midnight_time_import_without_any_repair() -> None:
    published = grant(
        1,
        awardDate="2024-04-01T00:00:00+00:00",
        plannedDates=[{"startDate": "2024-04-01T00:00:00+00:00", "endDate": "2025-03-31"}],
    )
    assert GrantValidator().problems(published) == []
    assert repair_grant(published)[1] == []


def _slipped_file() -> bytes:
    grants = [g | {"id": f"360G-test-{n}"} for n, (g, *_) in enumerate(SLIPS.values(), start=1)]
    return json.dumps({"grants": [*grants, grant(99)]}).encode()


def test_strict_mode_refuses_the_slips_and_says_repair_would_import_the_file(
    client: TestClient, admin: dict[str, str]
) -> None:
    response = client.post("/v1/imports/360giving", content=_slipped_file(), headers=admin)

    assert response.status_code == 422
    problem = response.json()
    # Spaces around a code, a planned date's spaces are valid or repairable; every refused
    # grant is one repair mode would import.
    refused = {e["row"] for e in problem["errors"]}
    assert len(refused) >= 6
    assert f"would import the file, repairing {len(refused)} grants" in problem["detail"]
    assert "--repair" in problem["detail"]
    assert client.get("/v1/awards/360G-test-1").status_code == 404


def test_repair_mode_imports_the_file_and_lists_each_repair(
    client: TestClient, admin: dict[str, str], session: Session
) -> None:
    response = client.post(
        "/v1/imports/360giving", params={"repair": True}, content=_slipped_file(), headers=admin
    )

    assert response.status_code == 200, response.text
    report = response.json()
    assert report["imported"] and report["created"] == len(SLIPS) + 1
    assert report["repaired"] == len(SLIPS)
    listed = {
        (w["row"], w["field"], json.dumps(w["before"]), json.dumps(w["after"]))
        for w in report["warnings"]
    }
    expected = {
        (n, field, json.dumps(before), json.dumps(after))
        for n, (_, field, before, after) in enumerate(SLIPS.values(), start=1)
    }
    assert listed == expected
    award = session.scalar(select(Award).where(Award.identifier == "360G-test-4"))
    assert award is not None and award.raw is not None
    assert award.raw["url"] == "https://www.example.org.uk"
    spaced = session.scalar(select(Award).where(Award.identifier == "360G-test-7"))
    assert spaced is not None and spaced.borough_codes() == ["E09000012"]
