"""Two edits made at the same time against the same version: one wins, the other gets 412.

Real parallel requests against a real server (uvicorn in a subprocess) on the test database, so
each request has its own connection and transaction. What the test creates it removes.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.auth.models import ApiKey
from app.auth.service import create_key
from app.changes.lifecycle import flush_versioned
from app.changes.models import Change
from app.core.db import make_engine
from app.core.errors import PreconditionFailed
from app.funders.models import Funder
from app.ops.server import serve
from app.streams.models import FundingStream
from tests.factories import MOPAC, stream_body, version_of

ROUNDS = 4
WRITERS = 2


@pytest.fixture
def server_and_key(database_url: str, engine: Engine) -> Iterator[tuple[str, str, str]]:
    """A running server, an admin key and a stream slug; all removed afterwards."""
    own = make_engine(database_url)
    name = f"concurrency-{uuid.uuid4().hex[:8]}"
    slug = f"concurrency-round-{uuid.uuid4().hex[:8]}"
    with Session(own) as session, session.begin():
        secret = create_key(session=session, name=name, role="admin").secret
    try:
        env = {"SIGNPOST_RATE_LIMIT_PER_ADDRESS": "0", "SIGNPOST_RATE_LIMIT_PER_KEY": "0"}
        with serve(database_url, extra_env=env) as server:
            yield server.base_url, secret, slug
    finally:
        with Session(own) as session, session.begin():
            session.execute(delete(Change).where(Change.resource_id == slug))
            stream = session.scalar(select(FundingStream).where(FundingStream.slug == slug))
            if stream is not None:
                session.delete(stream)
            session.execute(delete(ApiKey).where(ApiKey.name == name))
        own.dispose()


def test_parallel_patches_with_the_same_if_match_never_lose_an_update(
    server_and_key: tuple[str, str, str],
) -> None:
    base_url, secret, slug = server_and_key
    auth = {"Authorization": f"Bearer {secret}"}
    with httpx.Client(base_url=base_url, timeout=30) as client:
        created = client.post("/v1/streams", json=stream_body(slug, MOPAC), headers=auth)
        assert created.status_code == 201, created.text
        for round_ in range(ROUNDS):
            current = client.get(f"/v1/streams/{slug}")
            assert current.status_code == 200, current.text
            etag = current.headers["etag"]
            barrier = threading.Barrier(WRITERS)

            def patch(
                writer: int,
                etag: str = etag,
                round_: int = round_,
                barrier: threading.Barrier = barrier,
            ) -> httpx.Response:
                with httpx.Client(base_url=base_url, timeout=30) as own_client:
                    barrier.wait()
                    return own_client.patch(
                        f"/v1/streams/{slug}",
                        json={"summary": f"round {round_} by writer {writer}"},
                        headers={**auth, "If-Match": etag},
                    )

            with ThreadPoolExecutor(WRITERS) as pool:
                answers = list(pool.map(patch, range(WRITERS)))
            statuses = sorted(a.status_code for a in answers)
            assert statuses == [200] + [412] * (WRITERS - 1), [a.text for a in answers]
            winner = next(a for a in answers if a.status_code == 200)
            now = client.get(f"/v1/streams/{slug}")
            assert now.json()["summary"] == winner.json()["summary"]
            assert version_of(now.headers["etag"]) == version_of(etag) + 1
        # On PostgreSQL the feed shows an entry once every older transaction on the server has
        # finished (app/changes/service.py), so other work on the server can delay it briefly.
        expected = ["create"] + ["update"] * ROUNDS
        deadline = time.monotonic() + 60
        while True:
            log = client.get("/v1/changes", params={"resource_id": slug, "limit": 200}).json()
            actions = [c["action"] for c in log["items"]]
            if actions == expected or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert actions == expected


def test_an_update_from_a_version_that_moved_on_fails_at_the_database(
    database_url: str, engine: Engine
) -> None:
    """The version check is in the UPDATE itself (`WHERE version = :read`), not only a
    comparison in Python: a writer that read before another committed cannot overwrite it.
    (On SQLite the reader's snapshot already refuses the write; the app's write requests take
    the write lock as they begin, app/core/db.py, so they never meet this.)"""
    own = make_engine(database_url)
    slug = f"concurrency-funder-{uuid.uuid4().hex[:8]}"
    with Session(own) as session, session.begin():
        session.add(Funder(slug=slug, name="Race", kind=""))
    try:
        with Session(own) as first, Session(own) as second:
            mine = first.scalar(select(Funder).where(Funder.slug == slug))
            theirs = second.scalar(select(Funder).where(Funder.slug == slug))
            assert mine is not None and theirs is not None
            mine.kind = "first"
            first.commit()
            theirs.kind = "second"
            refused: type[Exception] = (
                OperationalError if own.dialect.name == "sqlite" else PreconditionFailed
            )
            with pytest.raises(refused):
                flush_versioned(second)
            second.rollback()
        with Session(own) as session:
            stored = session.scalar(select(Funder).where(Funder.slug == slug))
            assert stored is not None and (stored.kind, stored.version) == ("first", 2)
    finally:
        with Session(own) as session, session.begin():
            session.execute(delete(Funder).where(Funder.slug == slug))
        own.dispose()
