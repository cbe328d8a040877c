"""Boroughs by GSS code, name or slug, in any case, wherever a borough is taken; a request with
several bad fields hears of all of them in one 422."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import MOPAC, award_body, stream_body

Keys = dict[str, dict[str, str]]
LAMBETH = "E09000022"


def ids(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/v1/streams", params={"status": "any", "limit": 50, **params})
    assert response.status_code == 200, response.text
    return [i["id"] for i in response.json()["items"]]


@pytest.mark.parametrize(
    "named", ["Lambeth", "lambeth", "LAMBETH", " Lambeth ", "e09000022", "E09000022"]
)
def test_a_borough_is_found_by_code_or_name_in_any_case(client: TestClient, named: str) -> None:
    assert ids(client, borough=named) == ids(client, borough=LAMBETH)


def test_names_with_several_words_are_found_by_name_or_slug(client: TestClient) -> None:
    for named in ("Kingston upon Thames", "kingston-upon-thames"):
        assert ids(client, borough=named) == ids(client, borough="E09000021")
    assert ids(client, borough="Hammersmith & Fulham") == ids(client, borough="E09000013")


def test_an_unknown_borough_is_refused_with_names_and_codes(client: TestClient) -> None:
    response = client.get("/v1/streams", params={"borough": "Atlantis"})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["loc"] == ["query", "borough"]
    assert "Atlantis" in error["msg"] and "Lambeth (E09000022)" in error["msg"]


def test_several_bad_parameters_are_all_named_in_one_422(client: TestClient) -> None:
    response = client.get(
        "/v1/streams", params={"borough": "Atlantis", "activity": "juggling", "funder": "nobody"}
    )
    assert response.status_code == 422
    locs = [e["loc"] for e in response.json()["errors"]]
    assert locs == [["query", "borough"], ["query", "activity"], ["query", "funder"]]


def test_a_profile_names_its_boroughs_and_hears_of_every_bad_field(client: TestClient) -> None:
    body = {"project": {"boroughs": ["Croydon"]}}
    answer = client.post("/v1/eligibility?include_ineligible=true", json=body).json()
    sport = next(
        r
        for r in answer["results"]
        if r["stream"]["id"] == "illustrative-croydon-lambeth-sport-2026"
    )
    assert any(x["rule"] == "boroughs" and x["outcome"] == "pass" for x in sport["reasons"])
    bad = {
        "organisation": {"applicant_type": "pirate", "boroughs": ["Atlantis"]},
        "project": {"activities": ["juggling"]},
    }
    response = client.post("/v1/eligibility", json=bad)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [
        ["body", "organisation", "applicant_type"],
        ["body", "organisation", "boroughs"],
        ["body", "project", "activities"],
    ]


def test_a_written_stream_may_name_its_boroughs(client: TestClient, keys: Keys) -> None:
    body = stream_body("named-boroughs", MOPAC, boroughs=["croydon", "Lambeth"])
    response = client.post("/v1/streams", json=body, headers=keys["admin"])
    assert response.status_code == 201, response.text
    assert response.json()["boroughs"] == ["E09000008", LAMBETH]


def test_a_written_stream_hears_of_every_bad_reference_at_once(
    client: TestClient, keys: Keys
) -> None:
    body = stream_body("bad-refs", "nobody", activities=["juggling"], boroughs=["Atlantis"])
    response = client.post("/v1/streams", json=body, headers=keys["admin"])
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [
        ["body", "funder"],
        ["body", "activities"],
        ["body", "boroughs"],
    ]


def test_a_written_award_takes_borough_names_and_hears_of_every_bad_reference(
    client: TestClient, keys: Keys
) -> None:
    good = award_body("360G-named-boroughs", MOPAC, ["Lambeth"])
    response = client.post("/v1/awards", json=good, headers=keys["admin"])
    assert response.status_code == 201, response.text
    assert response.json()["boroughs"] == [LAMBETH]
    bad = award_body("360G-bad-refs", "nobody", ["Atlantis"], activities=["juggling"])
    response = client.post("/v1/awards", json=bad, headers=keys["admin"])
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [
        ["body", "funder"],
        ["body", "activities"],
        ["body", "boroughs"],
    ]
