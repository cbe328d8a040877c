"""Issue 12, item 2: dates at the edge of the calendar are a 422 naming the field, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import CROYDON, MOPAC, award_body

Keys = dict[str, dict[str, str]]


def assert_refused(response: Any, field: list[str]) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [e["loc"] for e in response.json()["errors"]], response.json()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"])
def test_an_overlap_check_planned_outside_the_calendar_is_422(client: TestClient, day: str) -> None:
    body = {"boroughs": [CROYDON], "activities": ["mentoring"], "planned_start": day}
    assert_refused(client.post("/v1/overlap/check", json=body), ["body", "planned_start"])


@pytest.mark.parametrize(
    "since", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "20190203", "1549152000"]
)
def test_changes_since_an_impossible_time_or_a_number_is_422(
    client: TestClient, since: str
) -> None:
    assert_refused(client.get("/v1/changes", params={"since": since}), ["query", "since"])


@pytest.mark.parametrize("field", ["award_date", "planned_start", "planned_end"])
def test_an_award_dated_in_year_9999_is_422_and_not_stored(
    client: TestClient, keys: Keys, field: str
) -> None:
    body = award_body("360G-test-year-9999", MOPAC, [CROYDON], **{field: "9999-01-01"})
    assert_refused(client.post("/v1/awards", json=body, headers=keys["admin"]), ["body", field])
    assert client.get("/v1/awards/360G-test-year-9999").status_code == 404


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/v1/awards", "awarded_from"),
        ("/v1/streams", "closes_after"),
        ("/v1/insights/priorities", "from"),
    ],
)
def test_a_date_filter_as_a_number_or_out_of_range_is_422(
    client: TestClient, path: str, param: str
) -> None:
    for value in ("20190203", "9999-12-31"):
        assert_refused(client.get(path, params={param: value}), ["query", param])


def test_dates_within_the_range_are_taken(client: TestClient) -> None:
    assert client.get("/v1/changes", params={"since": "2100-12-31T00:00:00Z"}).json()["items"] == []
    assert client.get("/v1/awards", params={"awarded_from": "1900-01-01"}).status_code == 200
