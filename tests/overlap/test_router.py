from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.awards.aggregates import refresh_awards
from app.awards.models import Award
from app.awards.recipients import upsert_organisation
from app.awards.search_index import index_awards
from tests.factories import add_award

SEEDED = "360G-signpost-kccsf-2018-croydon-bme-forum"
ATM_AWARD = "360G-signpost-kccsf-2018-anti-tribalism-movement"


def _check(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/v1/overlap/check", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    result: dict[str, Any] = response.json()
    return result


def test_same_recipient_borough_and_activity_in_overlapping_dates_is_high(
    client: TestClient,
) -> None:
    seeded = client.get(f"/v1/awards/{SEEDED}").json()
    body = _check(
        client,
        recipient=seeded["recipient"],
        boroughs=seeded["boroughs"],
        activities=seeded["activities"],
        planned_start="2018-06-01",
        planned_end="2019-01-31",
        description="Training for grassroots groups",
    )
    assert body["risk"] == "high"
    assert body["rule"].startswith("high:")
    first = body["matches"][0]
    assert first["award"]["id"] == SEEDED
    assert first["kind"] == "same_recipient_same_purpose"
    assert first["recipient"] == {"matched_by": "org_id", "score": 1.0}
    assert first["shared"]["activities"] == seeded["activities"]
    assert first["shared"]["period_overlap_days"] > 0
    assert any("double funding" in r for r in first["reasons"])


def test_another_borough_and_activity_is_none(client: TestClient) -> None:
    body = _check(
        client,
        recipient={"org_id": "GB-CHC-999999", "name": "Nobody Like Us"},
        boroughs=["E09000033"],
        activities=["sport"],
        planned_start="2018-06-01",
        planned_end="2019-01-31",
    )
    assert body["risk"] == "none"
    assert body["matches"] == []


def test_dates_that_do_not_overlap_make_it_only_the_same_recipient(client: TestClient) -> None:
    seeded = client.get(f"/v1/awards/{SEEDED}").json()
    body = _check(
        client,
        recipient=seeded["recipient"],
        activities=seeded["activities"],
        planned_start="2023-01-01",
        planned_end="2023-12-31",
    )
    assert body["risk"] == "low"
    assert [m["kind"] for m in body["matches"]] == ["same_recipient"]


@pytest.fixture
def charity_award(session: Session) -> Award:
    """The Anti-Tribalism Movement under its charity number, as in Comic Relief's data."""
    award = add_award(
        session,
        "360G-CR-test-atm",
        recipient=("GB-CHC-1168836", "Anti-Tribalism Movement"),
        title="Youth mediation",
        description="Mediation between young people in west London",
        amount_pence=2500000,
        award_date=dt.date(2018, 1, 10),
        boroughs=["E09000013"],
        terms={"violence_type": ["knife-crime"]},
    )
    index_awards(session, [award.pk])
    refresh_awards(session, [award.pk])
    return award


def test_an_award_under_a_charity_number_is_linked_by_name(
    client: TestClient, charity_award: Award
) -> None:
    body = _check(
        client,
        recipient={"org_id": "GB-CHC-1168836"},
        violence_types=["knife-crime"],
        planned_start="2018-04-01",
        planned_end="2018-09-30",
    )
    by_id = {m["award"]["id"]: m for m in body["matches"]}
    assert by_id["360G-CR-test-atm"]["recipient"]["matched_by"] == "org_id"
    seeded = by_id[ATM_AWARD]
    assert seeded["recipient"]["matched_by"] == "name"
    assert seeded["recipient"]["score"] == 1.0
    assert seeded["kind"] == "same_recipient_same_purpose"
    assert body["risk"] == "high"


def test_the_organisation_page_lists_the_other_record_as_a_duplicate(
    client: TestClient, charity_award: Award
) -> None:
    seeded_org = client.get(f"/v1/awards/{ATM_AWARD}").json()["recipient"]["org_id"]
    body = client.get(f"/v1/organisations/{seeded_org}").json()
    assert {
        "org_id": "GB-CHC-1168836",
        "name": "Anti-Tribalism Movement",
        "matched_by": "name",
        "score": 1.0,
    } in body["possible_duplicates"]
    other = client.get("/v1/organisations/GB-CHC-1168836").json()
    assert seeded_org in [d["org_id"] for d in other["possible_duplicates"]]


def test_a_similar_description_is_found_through_the_full_text_index(client: TestClient) -> None:
    seeded = client.get(f"/v1/awards/{ATM_AWARD}").json()
    body = _check(client, title=seeded["title"], description=seeded["description"])
    kinds = {m["award"]["id"]: m["kind"] for m in body["matches"]}
    assert kinds.get(ATM_AWARD) == "similar_description"
    assert body["risk"] == "low"


def test_streams_funding_the_same_thing_and_the_area_are_reported(client: TestClient) -> None:
    body = _check(
        client,
        boroughs=["E09000008"],
        activities=["capacity-building"],
        violence_types=["knife-crime"],
    )
    assert body["streams"], "some seeded stream funds knife-crime work across London"
    assert all(s["score"] > 0 for s in body["streams"])
    assert body["area"]["boroughs"] == ["E09000008"]
    assert body["assumptions"]


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"boroughs": ["E0900"]}, ["body", "boroughs"]),
        ({"activities": ["juggling"]}, ["body", "activities"]),
        ({"recipient": {"org_id": "charity 1"}}, ["body", "recipient", "org_id"]),
        ({"planned_start": "2020-02-01", "planned_end": "2020-01-01"}, ["body", "planned_end"]),
        ({"amount": -1}, ["body", "amount"]),
        ({"colour": "red"}, ["body", "colour"]),
    ],
)
def test_bad_proposals_are_422_naming_the_field(
    client: TestClient, body: dict[str, Any], loc: list[str]
) -> None:
    response = client.post("/v1/overlap/check", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == loc


def test_overlapping_streams_come_in_scored_pairs(client: TestClient) -> None:
    pairs = client.get("/v1/overlap/streams").json()
    assert pairs
    assert [p["score"] for p in pairs] == sorted((p["score"] for p in pairs), reverse=True)
    first = pairs[0]
    assert first["shared"]["activities"] or first["shared"]["violence_types"]
    assert first["shared"]["boroughs"]
    camden = client.get("/v1/overlap/streams", params={"borough": "E09000007"}).json()
    assert all("E09000007" in p["shared"]["boroughs"] for p in camden)
    assert client.get("/v1/overlap/streams", params={"funder": "nope"}).status_code == 422
    both = client.get("/v1/overlap/streams", params={"funder": "nope", "borough": "E09999999"})
    assert both.status_code == 422
    assert [e["loc"] for e in both.json()["errors"]] == [["query", "funder"], ["query", "borough"]]


def test_a_linked_funder_made_id_counts_as_the_same_organisation(
    client: TestClient, session: Session, charity_award: Award
) -> None:
    seeded_org = client.get(f"/v1/awards/{ATM_AWARD}").json()["recipient"]["org_id"]
    organisation = upsert_organisation(session=session, org_id=seeded_org, name="ignored")
    organisation.linked_org_id = "GB-CHC-1168836"
    organisation.name = "ATM Hammersmith"
    session.flush()
    body = _check(client, recipient={"org_id": "GB-CHC-1168836"}, violence_types=["knife-crime"])
    by_id = {m["award"]["id"]: m for m in body["matches"]}
    assert by_id[ATM_AWARD]["recipient"] == {"matched_by": "org_id", "score": 1.0}
