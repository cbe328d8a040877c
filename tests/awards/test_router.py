from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

CROYDON_BME = "360G-signpost-kccsf-2018-croydon-bme-forum"


def ids(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/v1/awards", params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    return [a["id"] for a in response.json()["items"]]


def test_an_award_carries_its_recipient_funder_and_source(client: TestClient) -> None:
    body = client.get(f"/v1/awards/{CROYDON_BME}").json()
    assert body["amount"] == 49736
    assert body["recipient"]["name"] == "Croydon BME Forum"
    assert body["funder"]["id"] == "mayors-office-for-policing-and-crime"
    assert body["stream_id"] == "knife-crime-community-seed-fund-2017-18"
    assert body["boroughs"] == ["E09000008"]
    assert body["source"]["url"].startswith("https://www.london.gov.uk/")
    assert body["source"]["provenance"] == "seed"


def test_awards_are_listed_newest_first_with_undated_last(client: TestClient) -> None:
    items = client.get("/v1/awards", params={"limit": 200}).json()["items"]
    dates = [a["award_date"] for a in items]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated


def test_borough_filter(client: TestClient) -> None:
    havering = ids(client, borough="E09000016")
    assert len(havering) == 5
    assert CROYDON_BME not in havering


def test_repeated_filters_mean_any_of(client: TestClient) -> None:
    both = set(ids(client, borough=["E09000016", "E09000008"]))
    assert CROYDON_BME in both and len(both) == 6


def test_funder_and_stream_filters(client: TestClient) -> None:
    seed_fund = ids(client, stream="knife-crime-community-seed-fund-2017-18")
    assert len(seed_fund) == 6
    assert set(seed_fund) <= set(ids(client, funder="mayors-office-for-policing-and-crime"))


def test_violence_type_filter(client: TestClient) -> None:
    assert CROYDON_BME in ids(client, violence_type="knife-crime")


def test_recipient_filter_normalises_the_org_id(client: TestClient) -> None:
    org_id = client.get(f"/v1/awards/{CROYDON_BME}").json()["recipient"]["org_id"]
    assert ids(client, recipient=f" {org_id} ") == [CROYDON_BME]


def test_amount_and_date_filters(client: TestClient) -> None:
    big = ids(client, min_amount=140000)
    assert big and CROYDON_BME not in big
    assert CROYDON_BME in ids(client, min_amount=49736, max_amount=49736)
    assert CROYDON_BME in ids(client, awarded_from="2018-03-01", awarded_to="2018-03-31")
    assert CROYDON_BME not in ids(client, awarded_from="2019-01-01")


def test_text_filter_matches_recipient_names(client: TestClient) -> None:
    assert ids(client, q="bme forum") == [CROYDON_BME]


def test_awards_page_through_without_repeats(client: TestClient) -> None:
    everything = ids(client)
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 4}
    while True:
        body = client.get("/v1/awards", params=params).json()
        assert body["total"] == len(everything)
        seen += [a["id"] for a in body["items"]]
        if not body["next_cursor"]:
            break
        params["cursor"] = body["next_cursor"]
    assert seen == everything


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"borough": "E09999999"}, "borough"),
        ({"activity": "juggling"}, "activity"),
        ({"violence_type": "rudeness"}, "violence_type"),
        ({"funder": "nobody"}, "funder"),
        ({"stream": "no-such-stream"}, "stream"),
        ({"recipient": "not an org id"}, "recipient"),
        ({"min_amount": -1}, "min_amount"),
        ({"awarded_from": "yesterday"}, "awarded_from"),
        ({"awarded_from": "2020-01-01", "awarded_to": "2019-01-01"}, "awarded_from"),
        ({"min_amount": 10, "max_amount": 5}, "min_amount"),
        ({"limit": 1000}, "limit"),
    ],
)
def test_bad_filters_are_422_naming_the_field(
    client: TestClient, params: dict[str, Any], field: str
) -> None:
    response = client.get("/v1/awards", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["loc"] for e in response.json()["errors"]] == [["query", field]]


def test_one_422_names_every_unknown_filter_value(client: TestClient) -> None:
    params = {
        "borough": "E09999999",
        "activity": "juggling",
        "funder": "nobody",
        "stream": "no-such-stream",
        "recipient": "not an org id",
    }
    response = client.get("/v1/awards", params=params)
    assert response.status_code == 422
    locs = [e["loc"] for e in response.json()["errors"]]
    assert sorted(locs) == sorted(["query", name] for name in params)


def test_unknown_vocabulary_slug_lists_the_allowed_ones(client: TestClient) -> None:
    detail = client.get("/v1/awards", params={"activity": "juggling"}).json()["detail"]
    assert "mentoring" in detail


def test_unknown_award_is_404(client: TestClient) -> None:
    assert client.get("/v1/awards/360G-nothing").status_code == 404
