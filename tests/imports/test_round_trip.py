"""Exporting every award as 360Giving and importing the file back changes nothing: no award
created or updated, no funder, organisation or change-log entry added, no version moved."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.awards.models import Award, AwardBorough, AwardTerm
from app.changes.models import Change
from app.funders.models import Funder
from app.organisations.models import Organisation
from tests.imports.conftest import LONDON, grant, post_grants


def _state(session: Session) -> dict[str, Any]:
    session.expire_all()
    awards = session.execute(
        select(
            Award.identifier,
            Award.version,
            Award.funder_pk,
            Award.stream_pk,
            Award.recipient_pk,
            Award.amount_pence,
            Award.award_date,
            Award.planned_start,
            Award.planned_end,
            Award.title,
            Award.description,
        ).order_by(Award.identifier)
    ).all()
    return {
        "awards": awards,
        "boroughs": session.execute(
            select(AwardBorough.award_pk, AwardBorough.gss_code).order_by(
                AwardBorough.award_pk, AwardBorough.gss_code
            )
        ).all(),
        "terms": session.execute(
            select(AwardTerm.award_pk, AwardTerm.vocabulary, AwardTerm.slug).order_by(
                AwardTerm.award_pk, AwardTerm.vocabulary, AwardTerm.slug
            )
        ).all(),
        "funders": session.scalar(select(func.count()).select_from(Funder)),
        "organisations": session.scalar(select(func.count()).select_from(Organisation)),
        "changes": session.scalar(select(func.count()).select_from(Change)),
    }


def _round_trip(client: TestClient, admin: dict[str, str], fmt: str) -> dict[str, Any]:
    exported = client.get("/v1/awards", params={"format": fmt})
    assert exported.status_code == 200
    response = client.post(
        "/v1/imports/360giving",
        params={"format": "json" if fmt == "360giving" else "csv", "skip_invalid": fmt == "csv"},
        content=exported.content,
        headers=admin,
    )
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    return report


def test_export_then_import_changes_nothing_on_the_seeded_database(
    client: TestClient, admin: dict[str, str], session: Session
) -> None:
    before = _state(session)

    report = _round_trip(client, admin, "360giving")

    assert report["imported"] and (report["created"], report["updated"]) == (0, 0), report
    assert report["unchanged"] == report["rows_read"] > 0
    assert report["warnings"] == []
    assert _state(session) == before


def test_export_then_import_changes_nothing_on_a_database_holding_an_imported_file(
    client: TestClient, admin: dict[str, str], session: Session
) -> None:
    with LONDON.open("rb") as upload:
        first = client.post(
            "/v1/imports/360giving", files={"file": (LONDON.name, upload)}, headers=admin
        )
    assert first.status_code == 200, first.text
    before = _state(session)

    report = _round_trip(client, admin, "360giving")

    assert report["imported"] and (report["created"], report["updated"]) == (0, 0), report
    assert _state(session) == before


def _logged_update(client: TestClient, identifier: str) -> dict[str, Any]:
    log = client.get(
        "/v1/changes", params={"resource": "award", "resource_id": identifier, "limit": 50}
    ).json()["items"]
    changes: dict[str, Any] = [c for c in log if c["action"] == "update"][-1]["changes"]
    return changes


def test_the_change_log_names_funders_streams_and_recipients_by_their_ids(
    client: TestClient, admin: dict[str, str]
) -> None:
    post_grants(client, admin, grant(1))
    moved = grant(
        1,
        fundingOrganization=[{"id": "GB-LAE-GLA", "name": "Greater London Authority"}],
        recipientOrganization=[{"id": "GB-CHC-222222", "name": "Another Charity"}],
        grantProgramme=[{"code": "young-londoners-fund-round-2", "title": "YLF round 2"}],
    )
    assert post_grants(client, admin, moved)["updated"] == 1

    changes = _logged_update(client, "360G-test-1")

    assert changes["funder"] == {"before": "GB-CHC-1035628", "after": "GB-LAE-GLA"}
    assert changes["recipient"] == {"before": "GB-CHC-100001", "after": "GB-CHC-222222"}
    assert changes["stream_id"] == {"before": None, "after": "young-londoners-fund-round-2"}


def test_a_change_to_a_field_no_column_holds_is_logged_with_the_new_version(
    client: TestClient, admin: dict[str, str]
) -> None:
    post_grants(client, admin, grant(1, dateModified="2024-01-01T00:00:00Z"))
    version = client.get("/v1/awards/360G-test-1").headers["etag"]
    assert post_grants(client, admin, grant(1, dateModified="2024-02-01T00:00:00Z"))["updated"] == 1

    assert client.get("/v1/awards/360G-test-1").headers["etag"] != version
    assert _logged_update(client, "360G-test-1") == {
        "grant.dateModified": {"before": "2024-01-01T00:00:00Z", "after": "2024-02-01T00:00:00Z"}
    }
