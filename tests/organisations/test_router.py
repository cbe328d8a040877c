from __future__ import annotations

from fastapi.testclient import TestClient


def _org_id_of(client: TestClient, award_id: str) -> str:
    org_id: str = client.get(f"/v1/awards/{award_id}").json()["recipient"]["org_id"]
    return org_id


def test_an_organisation_has_its_awards_and_totals(client: TestClient) -> None:
    org_id = _org_id_of(client, "360G-signpost-kccsf-2018-croydon-bme-forum")
    body = client.get(f"/v1/organisations/{org_id}").json()
    assert body["name"] == "Croydon BME Forum"
    assert [a["id"] for a in body["awards"]] == ["360G-signpost-kccsf-2018-croydon-bme-forum"]
    assert body["totals_by_funder"] == [
        {
            "funder": {
                "id": "mayors-office-for-policing-and-crime",
                "name": body["totals_by_funder"][0]["funder"]["name"],
                "org_id": None,
            },
            "currency": "GBP",
            "count": 1,
            "amount": 49736,
        }
    ]
    assert body["totals_by_year"] == [
        {"year": 2018, "currency": "GBP", "count": 1, "amount": 49736}
    ]


def test_totals_add_up_to_the_awards(client: TestClient) -> None:
    for award in client.get("/v1/awards", params={"limit": 200}).json()["items"]:
        body = client.get(f"/v1/organisations/{award['recipient']['org_id']}").json()
        total = sum(a["amount"] for a in body["awards"])
        assert sum(t["amount"] for t in body["totals_by_funder"]) == total
        assert sum(t["amount"] for t in body["totals_by_year"]) == total


def test_the_org_id_in_the_path_is_normalised(client: TestClient) -> None:
    response = client.get("/v1/organisations/gb-chc-0001035628")
    # City Bridge Trust is a funder, not a recipient in the seed data: the id is normalised,
    # then not found.
    assert response.status_code == 404
    assert "GB-CHC-1035628" in response.json()["detail"]


def test_something_that_is_not_an_org_id_is_422(client: TestClient) -> None:
    response = client.get("/v1/organisations/hello")
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["path", "org_id"]
