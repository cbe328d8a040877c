"""`/metrics`: Prometheus text, requests by route template, the pool, the outbox, imports; and
one sum over several worker processes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import Session

from app.auth.service import create_key
from app.ops.server import serve
from tests.imports.conftest import grant

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def samples(text: str) -> Samples:
    found: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def scrape(client: TestClient | httpx.Client) -> Samples:
    answer = client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    return samples(answer.text)


def requests_of(found: Samples, route: str, status: str = "200") -> float:
    labels = (("method", "GET"), ("route", route), ("status", status))
    return found.get(("signpost_http_requests_total", labels), 0.0)


def test_requests_are_counted_and_timed_by_route_template(client: TestClient) -> None:
    before = scrape(client)
    for slug in ("young-londoners-fund-round-1", "young-londoners-fund-round-2"):
        assert client.get(f"/v1/streams/{slug}").status_code == 200
    assert client.get("/v1/no/such/path").status_code == 404
    after = scrape(client)
    route = "/v1/streams/{stream_id}"
    assert requests_of(after, route) - requests_of(before, route) == 2
    assert requests_of(after, "unmatched", "404") - requests_of(before, "unmatched", "404") == 1
    # No raw path becomes a label.
    assert not any("young-londoners" in str(labels) for _, labels in after)
    count = ("signpost_http_request_duration_seconds_count", (("method", "GET"), ("route", route)))
    assert after[count] - before.get(count, 0.0) == 2
    for gauge in (
        "signpost_db_pool_connections_in_use",
        "signpost_outbox_pending_events",
        "signpost_outbox_oldest_pending_seconds",
        "signpost_imports_running",
    ):
        assert (gauge, ()) in after


def test_an_import_shows_in_the_rows_read(client: TestClient, session: Session) -> None:
    key = create_key(session=session, name="test-metrics-import", role="admin")
    before = scrape(client).get(("signpost_import_rows_read_total", ()), 0.0)
    answer = client.post(
        "/v1/imports/360giving",
        content=json.dumps({"grants": [grant(1), grant(2), grant(3)]}).encode(),
        headers={"Authorization": f"Bearer {key.secret}"},
    )
    assert answer.status_code == 200, answer.text
    after = scrape(client)
    assert after[("signpost_import_rows_read_total", ())] - before == 3
    assert after[("signpost_imports_running", ())] == 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="several uvicorn workers")
def test_several_workers_report_one_sum(served_database_url: str, tmp_path: Path) -> None:
    """Whichever worker answers `/metrics`, it counts the requests every worker answered."""
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    with (
        serve(served_database_url, extra_env=env, workers=2) as server,
        httpx.Client(base_url=server.base_url, timeout=30) as client,
    ):
        before = requests_of(scrape(client), "/v1/boroughs")
        # New connections each time, so that both workers take some.
        for _ in range(40):
            assert httpx.get(f"{server.base_url}/v1/boroughs", timeout=30).status_code == 200
        pids = {p.name.rsplit("_", 1)[-1] for p in tmp_path.glob("counter_*.db")}
        # `signpost serve` (the supervisor) imports the app's metrics too, so it may hold a
        # file of its own, with nothing counted in it; the two workers hold the rest.
        assert len(pids - {f"{server.process.pid}.db"}) == 2, pids
        for _ in range(5):
            assert requests_of(scrape(client), "/v1/boroughs") - before == 40
