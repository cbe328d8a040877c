"""Concurrent writers against a real server process (issue 12, items 5 and 6): each request has
its own connection and transaction, as in production, and what they commit is counted in the
database afterwards. On SQLite and on PostgreSQL (SIGNPOST_TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth.service import create_key
from app.awards.models import Award
from app.changes.models import Change
from app.core.db import make_engine
from app.ops.server import serve
from tests.factories import CROYDON, MOPAC, award_body

Served = tuple[str, dict[str, str], Callable[[str], tuple[int, int]]]


@pytest.fixture
def served(served_database_url: str) -> Iterator[Served]:
    """A server just started (its reference cache cold), an admin key's headers, and a counter
    of the committed awards and change-log entries with an id."""
    engine = make_engine(served_database_url)
    with Session(engine) as session, session.begin():
        secret = create_key(session=session, name=f"races-{uuid.uuid4().hex[:8]}", role="admin")

    def count(identifier: str) -> tuple[int, int]:
        with Session(engine) as session:
            awards = session.scalar(select(func.count()).where(Award.identifier == identifier))
            logged = session.scalar(
                select(func.count()).where(
                    Change.resource == "award", Change.resource_id == identifier
                )
            )
        return int(awards or 0), int(logged or 0)

    env = {
        "SIGNPOST_RATE_LIMIT_PER_ADDRESS": "0",
        "SIGNPOST_RATE_LIMIT_PER_KEY": "0",
        # SQLite's writers queue for its one lock: what is tested is that each gets its turn,
        # not how fast a (shared, loaded) machine serves 30 of them within the default wait.
        "SIGNPOST_SQLITE_BUSY_SECONDS": "300",
    }
    try:
        with serve(served_database_url, extra_env=env) as server:
            yield server.base_url, {"Authorization": f"Bearer {secret.secret}"}, count
    finally:
        engine.dispose()


def at_once(
    base_url: str, bodies: list[tuple[dict[str, Any], dict[str, str]]]
) -> list[httpx.Response]:
    """POSTs every (body, headers) to /v1/awards from its own client, all released together."""
    barrier = threading.Barrier(len(bodies))

    def post(item: tuple[dict[str, Any], dict[str, str]]) -> httpx.Response:
        body, headers = item
        with httpx.Client(base_url=base_url, timeout=60) as client:
            barrier.wait()
            return client.post("/v1/awards", json=body, headers=headers)

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(post, bodies))


def test_a_burst_of_writes_at_a_cold_process_all_succeed(served: Served) -> None:
    """30 awards at once, right after start, all naming the same new recipient: the reference
    checks read in each request's own transaction, and the recipient is created once."""
    base_url, auth, count = served
    run = uuid.uuid4().hex[:8]
    org = {"org_id": f"GB-COH-{uuid.uuid4().int % 10**8:08d}", "name": f"Burst Trust {run}"}
    ids = [f"360G-burst-{run}-{i}" for i in range(30)]
    answers = at_once(
        base_url, [(award_body(i, MOPAC, [CROYDON], recipient=org), auth) for i in ids]
    )
    assert [a.status_code for a in answers] == [201] * 30, {a.text for a in answers}
    assert [count(i) for i in ids] == [(1, 1)] * 30


def test_the_same_idempotency_key_from_many_clients_creates_once(served: Served) -> None:
    base_url, auth, count = served
    identifier = f"360G-idem-{uuid.uuid4().hex[:8]}"
    headers = {**auth, "Idempotency-Key": f"key-{identifier}"}
    answers = at_once(base_url, [(award_body(identifier, MOPAC, [CROYDON]), headers)] * 10)
    assert [a.status_code for a in answers] == [201] * 10, {a.text for a in answers}
    assert len({a.text for a in answers}) == 1
    assert sum(a.headers.get("idempotent-replayed") != "true" for a in answers) == 1
    assert count(identifier) == (1, 1)


def test_the_same_key_with_other_bodies_at_once_creates_one_and_refuses_the_rest(
    served: Served,
) -> None:
    base_url, auth, count = served
    run = uuid.uuid4().hex[:8]
    headers = {**auth, "Idempotency-Key": f"key-{run}"}
    ids = [f"360G-other-{run}-{i}" for i in range(6)]
    answers = at_once(base_url, [(award_body(i, MOPAC, [CROYDON]), headers) for i in ids])
    assert sorted(a.status_code for a in answers) == [201] + [422] * 5, {a.text for a in answers}
    for answer in answers:
        if answer.status_code == 422:
            assert answer.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert sorted(count(i) for i in ids) == [(0, 0)] * 5 + [(1, 1)]


def test_the_same_id_from_many_clients_is_created_once_and_the_rest_are_409(
    served: Served,
) -> None:
    base_url, auth, count = served
    identifier = f"360G-dup-{uuid.uuid4().hex[:8]}"
    answers = at_once(base_url, [(award_body(identifier, MOPAC, [CROYDON]), auth)] * 30)
    assert sorted(a.status_code for a in answers) == [201] + [409] * 29, {a.text for a in answers}
    assert count(identifier) == (1, 1)
