from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards.aggregates import refresh_awards
from app.awards.models import Award, AwardBorough


def _pence(amount: float) -> int:
    return int(Decimal(str(amount)) * 100)


def _awards(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    return [
        a
        for a in client.get("/v1/awards", params={"limit": 200, **params}).json()["items"]
        if a["currency"] == "GBP"
    ]


@pytest.mark.parametrize(
    ("rows", "cols"),
    [
        ("borough", "activity"),
        ("activity", "borough"),
        ("violence_type", "funder"),
        ("year", "borough"),
        ("funder", "year"),
        ("borough", None),
    ],
)
def test_the_matrix_adds_up_to_the_awards(client: TestClient, rows: str, cols: str | None) -> None:
    params = {"rows": rows, **({"cols": cols} if cols else {})}
    body = client.get("/v1/insights/priorities", params=params).json()
    expected = sum(_pence(a["amount"]) for a in _awards(client))
    assert expected > 0
    assert _pence(body["total"]["amount"]) == expected
    assert body["total"]["count"] == len(_awards(client))
    assert sum(_pence(t["amount"]) for t in body["row_totals"]) == expected
    if cols:
        assert sum(_pence(c["amount"]) for c in body["cells"]) == expected
        assert sum(_pence(t["amount"]) for t in body["col_totals"]) == expected
    assert "split evenly" in body["note"]


def test_a_date_range_counts_only_awards_dated_in_it(client: TestClient) -> None:
    # Part-months at both ends: answered from the awards, not the monthly cells.
    params = {"from": "2018-03-15", "to": "2019-06-10"}
    body = client.get("/v1/insights/priorities", params={"rows": "borough", **params}).json()
    inside = _awards(client, awarded_from=params["from"], awarded_to=params["to"])
    assert inside
    assert _pence(body["total"]["amount"]) == sum(_pence(a["amount"]) for a in inside)
    assert body["total"]["count"] == len(inside)


def test_money_over_several_boroughs_is_split_to_the_penny(
    client: TestClient, session: Session
) -> None:
    award = session.scalars(select(Award).where(Award.currency == "GBP")).first()
    assert award is not None
    award.amount_pence = 10001
    award.boroughs = [AwardBorough(gss_code=c) for c in ("E09000001", "E09000002", "E09000003")]
    refresh_awards(session, [award.pk])
    date = award.award_date.isoformat() if award.award_date else None
    params = {"rows": "borough", **({"from": date, "to": date} if date else {})}
    body = client.get("/v1/insights/priorities", params=params).json()
    shares = {t["key"]: t["amount"] for t in body["row_totals"]}
    assert shares["E09000001"] >= 33.34
    assert _pence(body["total"]["amount"]) == sum(_pence(a) for a in shares.values())


def test_boroughs_have_money_per_head(client: TestClient) -> None:
    body = client.get("/v1/insights/priorities", params={"rows": "borough"}).json()
    croydon = next(t for t in body["row_totals"] if t["key"] == "E09000008")
    assert croydon["per_head"] == round(croydon["amount"] / croydon["population"], 4)


def test_priorities_as_csv(client: TestClient) -> None:
    for kwargs in ({"params": {"format": "csv"}}, {"headers": {"Accept": "text/csv"}}):
        response = client.get(
            "/v1/insights/priorities",
            **{"params": {"rows": "borough", "cols": "activity", **kwargs.get("params", {})}},
            headers=kwargs.get("headers", {}),
        )
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert rows and set(rows[0]) >= {"borough", "activity", "amount_gbp", "per_head_gbp"}


def test_gaps_rank_every_borough_least_money_first(client: TestClient) -> None:
    body = client.get("/v1/insights/gaps", params={"activity": "capacity-building"}).json()
    assert len(body["boroughs"]) == 33
    per_head = [b["per_head"] for b in body["boroughs"]]
    assert per_head == sorted(per_head)
    croydon = next(b for b in body["boroughs"] if b["key"] == "E09000008")
    assert croydon["amount"] > 0
    csv_text = client.get(
        "/v1/insights/gaps", params={"activity": "capacity-building", "format": "csv"}
    ).text
    assert csv_text.startswith("gss_code,borough,population")


@pytest.mark.parametrize(
    ("path", "params", "loc"),
    [
        ("/v1/insights/gaps", {"activity": "juggling"}, ["query", "activity"]),
        ("/v1/insights/priorities", {"rows": "colour"}, ["query", "rows"]),
        ("/v1/insights/priorities", {"rows": "borough", "cols": "borough"}, ["query", "cols"]),
        ("/v1/insights/priorities", {"from": "2020-01-01", "to": "2019-01-01"}, ["query", "from"]),
    ],
)
def test_bad_parameters_are_422_naming_the_field(
    client: TestClient, path: str, params: dict[str, str], loc: list[str]
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == loc
