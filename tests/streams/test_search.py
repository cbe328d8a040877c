"""GET /v1/streams: full text, filters, sorts, pagination, facets and bad input (seed data)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

CROYDON, LAMBETH, CAMDEN = "E09000008", "E09000022", "E09000007"
MENTORING = "illustrative-youth-mentoring-fund-2027"
SPORT = "illustrative-croydon-lambeth-sport-2026"
FAMILY = "illustrative-family-domestic-abuse-fund-2027"
ROLLING = "illustrative-community-small-grants-rolling"


def ids(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/v1/streams", params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_closed_rounds_are_hidden_by_default(on_seed_day: TestClient) -> None:
    body = on_seed_day.get("/v1/streams").json()
    assert {i["status"] for i in body["items"]} == {
        "open",
        "closing_soon",
        "forthcoming",
        "rolling",
    }
    assert body["total"] == 4
    assert "young-londoners-fund-round-1" not in ids(on_seed_day)


def test_status_closed_and_any_show_closed_rounds(on_seed_day: TestClient) -> None:
    closed = ids(on_seed_day, status="closed", limit=50)
    assert closed and MENTORING not in closed and "young-londoners-fund-round-1" in closed
    assert set(ids(on_seed_day, status="any", limit=50)) == set(closed) | {
        MENTORING, SPORT, FAMILY, ROLLING
    }  # fmt: skip
    assert ids(on_seed_day, status=["closing_soon", "rolling"]) == [SPORT, ROLLING]


def test_text_search_stems_and_ranks_the_name_first(on_seed_day: TestClient) -> None:
    # "mentor" finds "mentoring" (porter / english stemming); the fund named for it ranks first.
    found = ids(on_seed_day, q="mentor", status="any")
    assert found[0] == MENTORING
    assert "myends" in found
    assert ids(on_seed_day, q="mentor") == [MENTORING]


def test_text_search_reads_the_eligibility_text_and_the_funder(on_seed_day: TestClient) -> None:
    assert ids(on_seed_day, q="constitution bank account") == [ROLLING]
    assert ids(on_seed_day, q="city bridge") == [FAMILY]


def test_text_search_needs_every_word(on_seed_day: TestClient) -> None:
    assert ids(on_seed_day, q="mentoring domestic") == []
    assert ids(on_seed_day, q='"mentoring*" OR (') == [MENTORING]  # no query syntax leaks


def test_a_stream_open_to_all_london_matches_every_borough(on_seed_day: TestClient) -> None:
    assert set(ids(on_seed_day, borough=CAMDEN)) == {MENTORING, FAMILY, ROLLING}
    assert SPORT in ids(on_seed_day, borough=[CAMDEN, CROYDON])


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("activity", "mentoring", {MENTORING}),
        ("violence_type", "domestic-abuse", {FAMILY}),
        ("risk_factor", "school-exclusion", {MENTORING}),
        ("strand", "protect", {FAMILY}),
        # The sport round names no applicant types: it is open to every type.
        ("applicant_type", "unincorporated-community-group", {SPORT, ROLLING}),
        ("beneficiary_group", "families", {FAMILY, ROLLING}),
        ("funder", "city-bridge-trust", {FAMILY}),
    ],
)
def test_each_vocabulary_filter_narrows_the_results(
    on_seed_day: TestClient, name: str, value: str, expected: set[str]
) -> None:
    assert set(ids(on_seed_day, **{name: value})) == expected


def test_repeating_a_filter_means_any_of_its_values(on_seed_day: TestClient) -> None:
    assert set(ids(on_seed_day, activity=["mentoring", "sport"])) == {MENTORING, SPORT, ROLLING}


def test_age_fits_between_the_bounds_and_open_bounds_match(on_seed_day: TestClient) -> None:
    assert set(ids(on_seed_day, age=22)) == {SPORT, FAMILY, ROLLING}
    assert set(ids(on_seed_day, age=11)) == {MENTORING, SPORT, FAMILY, ROLLING}


def test_amount_fits_between_min_and_max_award(on_seed_day: TestClient) -> None:
    assert set(ids(on_seed_day, amount=40000)) == {SPORT, FAMILY}
    assert set(ids(on_seed_day, amount=1000)) == {MENTORING, ROLLING}


def test_closing_dates_bound_the_deadline_and_rolling_closes_after_any_date(
    on_seed_day: TestClient,
) -> None:
    assert set(ids(on_seed_day, closes_after="2027-01-01")) == {MENTORING, FAMILY, ROLLING}
    assert ids(on_seed_day, closes_before="2026-12-31") == [SPORT]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("closes_on", [SPORT, MENTORING, FAMILY, ROLLING]),
        ("-published_at", [FAMILY, MENTORING, SPORT, ROLLING]),
        ("-max_award", [FAMILY, SPORT, MENTORING, ROLLING]),
        ("name", [ROLLING, SPORT, FAMILY, MENTORING]),
    ],
)
def test_sorts(on_seed_day: TestClient, sort: str, expected: list[str]) -> None:
    assert ids(on_seed_day, sort=sort) == expected


@pytest.mark.parametrize("sort", ["closes_on", "-published_at", "-max_award", "name", "relevance"])
def test_pages_follow_each_other_without_gaps_or_repeats(
    on_seed_day: TestClient, sort: str
) -> None:
    params: dict[str, Any] = {"status": "any", "sort": sort, "limit": 3, "q": "young"}
    everything = ids(on_seed_day, **{**params, "limit": 200})
    seen: list[str] = []
    cursor = None
    while True:
        body = on_seed_day.get("/v1/streams", params={**params, "cursor": cursor}).json()
        seen += [i["id"] for i in body["items"]]
        assert body["total"] == len(everything)
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == everything and len(everything) > 3


def facet(body: dict[str, Any], dimension: str) -> dict[str, int]:
    return {f["value"]: f["count"] for f in body["facets"][dimension]}


def test_facets_count_the_results_each_value_would_give(on_seed_day: TestClient) -> None:
    body = on_seed_day.get("/v1/streams", params={"facets": "true", "strand": "prevent"}).json()
    assert body["total"] == 4
    assert facet(body, "activity")["mentoring"] == 1
    assert facet(body, "activity")["sport"] == 2
    # Borough counts include the streams open to all London.
    assert facet(body, "borough")[CROYDON] == 4 and facet(body, "borough")[CAMDEN] == 3
    # A dimension's own filter is not applied to its counts; the status counts show closed rounds.
    assert facet(body, "strand") == {"prevent": 4, "protect": 1}
    assert facet(body, "status")["closed"] >= 1 and facet(body, "status")["open"] == 1
    assert facet(body, "funder")["city-bridge-trust"] == 1


def test_facets_follow_the_text_search(on_seed_day: TestClient) -> None:
    body = on_seed_day.get("/v1/streams", params={"facets": "true", "q": "mentoring"}).json()
    assert facet(body, "activity")["mentoring"] == 1
    assert "domestic-abuse-services" not in facet(body, "activity")


def test_without_facets_none_are_computed(on_seed_day: TestClient) -> None:
    assert on_seed_day.get("/v1/streams").json()["facets"] is None


@pytest.mark.parametrize(
    ("params", "field", "hint"),
    [
        ({"activity": "juggling"}, "activity", "mentoring"),
        ({"borough": "E09999999"}, "borough", "E09000008"),
        ({"funder": "nobody"}, "funder", "nobody"),
        ({"status": "sleeping"}, "status", "closing_soon"),
        ({"amount": "-5"}, "amount", ""),
        ({"age": "121"}, "age", ""),
        ({"closes_after": "2027-02-01", "closes_before": "2027-01-01"}, "closes_after", ""),
        ({"sort": "random"}, "sort", "relevance"),
        ({"cursor": "not-a-cursor"}, "cursor", ""),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    on_seed_day: TestClient, params: dict[str, str], field: str, hint: str
) -> None:
    response = on_seed_day.get("/v1/streams", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert any(e["loc"][:2] == ["query", field] for e in errors), errors
    assert hint in " ".join(e["msg"] for e in errors)


def test_published_at_comes_from_the_source_never_the_load_time(on_seed_day: TestClient) -> None:
    body = on_seed_day.get(
        "/v1/streams", params={"status": "any", "sort": "-published_at", "limit": 50}
    ).json()
    published = {i["id"]: i["published_at"] for i in body["items"]}
    order = [i["id"] for i in body["items"]]
    # Announced: the source's date. Neither announced nor opened on a known day: unknown.
    assert published["knife-crime-community-seed-fund-2017-18"] == "2017-12-04T00:00:00Z"
    assert published["vru-community-seed-fund-2019-20"] is None
    assert published["myends"] is None
    # Newest first: the demonstration rounds of 2026, then the real rounds by their dates, the
    # undated last; a closed 2019/20 fund is nowhere near the top.
    real = [i for i in order if not i.startswith("illustrative-")]
    assert real[0] == "vru-innovation-fund-2023"
    dated = [published[i] for i in order if published[i] is not None]
    assert dated == sorted(dated, reverse=True)
    assert all(published[i] is None for i in order[len(dated) :])
