"""What awards fund leaves and comes back as 360Giving classifications: exported with the
vocabulary, the code and the label, mapped back to the award's terms on import; a code or a
borough Signpost does not know is a warning in the report, never silent."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.imports.mapping import map_grant
from tests.imports.conftest import grant, post_grants

SEEDED = "360G-signpost-kccsf-2018-croydon-bme-forum"


def _exported(client: TestClient, identifier: str) -> dict[str, Any]:
    package = client.get("/v1/awards", params={"format": "360giving"}).json()
    [found] = [g for g in package["grants"] if g["id"] == identifier]
    return found


def test_an_awards_terms_are_exported_as_classifications_with_their_labels(
    client: TestClient,
) -> None:
    award = client.get(f"/v1/awards/{SEEDED}").json()
    assert award["activities"]
    labels = {
        t["slug"]: t["label"] for t in client.get("/v1/vocabularies/activity").json()["terms"]
    }

    exported = _exported(client, SEEDED)

    activities = [c for c in exported["classifications"] if c["vocabulary"] == "signpost:activity"]
    assert [c["code"] for c in activities] == award["activities"]
    assert [c["title"] for c in activities] == [labels[s] for s in award["activities"]]


def test_classifications_map_back_to_terms_and_other_ones_are_kept(
    client: TestClient, admin: dict[str, str]
) -> None:
    theirs = {"vocabulary": "https://example.org/themes", "code": "T1", "title": "Youth"}
    tagged = grant(
        1,
        classifications=[
            theirs,
            {"vocabulary": "signpost:activity", "code": "mentoring", "title": "Mentoring"},
            {"vocabulary": "signpost:violence_type", "code": "knife-crime"},
        ],
    )
    report = post_grants(client, admin, tagged)
    assert report["warnings"] == []
    award = client.get("/v1/awards/360G-test-1").json()
    assert (award["activities"], award["violence_types"]) == (["mentoring"], ["knife-crime"])

    exported = _exported(client, "360G-test-1")
    assert exported["classifications"][0] == theirs
    assert {c["code"] for c in exported["classifications"][1:]} == {"mentoring", "knife-crime"}

    # A file without Signpost's classifications leaves the terms as they are ...
    assert post_grants(client, admin, grant(1, classifications=[theirs]))["updated"] == 0
    # ... and one that names others replaces them, logged by vocabulary.
    retagged = grant(1, classifications=[{"vocabulary": "signpost:activity", "code": "sport"}])
    assert post_grants(client, admin, retagged)["updated"] == 1
    assert client.get("/v1/awards/360G-test-1").json()["activities"] == ["sport"]
    log = client.get(
        "/v1/changes", params={"resource": "award", "resource_id": "360G-test-1"}
    ).json()["items"]
    assert log[-1]["changes"]["activities"] == {"before": ["mentoring"], "after": ["sport"]}
    assert log[-1]["changes"]["violence_types"] == {"before": ["knife-crime"], "after": []}


def test_unknown_codes_and_boroughs_are_dropped_with_a_warning() -> None:
    record = map_grant(
        grant(
            1,
            classifications=[{"vocabulary": "signpost:activity", "code": "juggling"}],
            beneficiaryLocation=[
                {"name": "Hackney", "geoCode": "E09000012", "geoCodeType": "LONB"}
            ],
        ),
        known_boroughs=frozenset({"E09000001"}),
        known_terms=frozenset({("activity", "sport")}),
    )
    assert record.terms == () and record.borough_codes == ()
    assert [(w.field, w.reason) for w in record.warnings] == [
        (
            "beneficiaryLocation.0.geoCode",
            "E09000012 is not a borough Signpost knows: kept as text, not linked",
        ),
        ("classifications.0.code", "'juggling' is not a Signpost activity term; dropped"),
    ]
    assert "classifications" not in record.raw
