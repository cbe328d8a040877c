"""A search never answers from a catalogue older than the last committed write, in any worker:
two worker processes of a real server, a write through one, searches through fresh connections
(so through either worker) at once after. On SQLite each worker judges its catalogue by the
database's commit count (app/core/commits.py); on PostgreSQL by reading the token."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.orm import Session

from app.auth.service import create_key
from app.core.db import make_engine
from app.ops.server import serve
from tests.factories import MOPAC, stream_body

SEARCHES = 12  # each on a connection of its own: the kernel spreads them over both workers


def _totals(base_url: str, word: str) -> set[int]:
    found = set()
    for _ in range(SEARCHES):
        response = httpx.get(f"{base_url}/v1/streams", params={"q": word}, timeout=60)
        assert response.status_code == 200, response.text
        found.add(response.json()["total"])
    return found


def test_every_worker_searches_what_was_just_written(served_database_url: str) -> None:
    engine = make_engine(served_database_url)
    with Session(engine) as session, session.begin():
        key = create_key(session=session, name=f"fresh-{uuid.uuid4().hex[:8]}", role="admin")
    engine.dispose()
    admin = {"Authorization": f"Bearer {key.secret}"}
    word = "quokka" + uuid.uuid4().hex[:6]
    env = {"SIGNPOST_RATE_LIMIT_PER_ADDRESS": "0", "SIGNPOST_RATE_LIMIT_PER_KEY": "0"}
    with serve(served_database_url, extra_env=env, workers=2) as server:
        base = server.base_url
        assert _totals(base, word) == {0}

        slug = f"fresh-{word}"
        created = httpx.post(
            f"{base}/v1/streams",
            json=stream_body(slug, MOPAC, name=f"The {word} round"),
            headers=admin,
            timeout=60,
        )
        assert created.status_code == 201, created.text
        assert _totals(base, word) == {1}

        renamed = httpx.patch(
            f"{base}/v1/streams/{slug}",
            json={"name": "Another round"},
            headers={**admin, "If-Match": created.headers["etag"]},
            timeout=60,
        )
        assert renamed.status_code == 200, renamed.text
        assert _totals(base, word) == {0}
