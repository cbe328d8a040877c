"""The catalogue is loaded as the server starts, and /readyz says not ready until it is."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.core.settings import Settings
from app.main import create_app
from app.streams import catalogue, warmup
from app.streams.search_index import reindex_streams
from tests.factories import add_stream


def test_starting_loads_the_catalogue_and_its_snapshot(
    connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "_cached", [])
    warmup.start(lambda: Session(bind=connection, join_transaction_mode="create_savepoint"))
    assert warmup._running is not None
    warmup._running.join(timeout=60)
    assert catalogue.loaded()


def test_the_server_starts_the_load_when_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Any] = []
    monkeypatch.setattr(warmup, "start", started.append)
    with TestClient(create_app(Settings(preload_catalogue=True))):
        assert len(started) == 1
    with TestClient(create_app(Settings(preload_catalogue=False))):
        assert len(started) == 1


def test_readyz_is_not_ready_while_the_catalogue_loads(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "_cached", [])
    release = threading.Event()
    loading = threading.Thread(target=release.wait)
    loading.start()
    monkeypatch.setattr(warmup, "_running", loading)
    try:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert "loading" in response.json()["detail"]
    finally:
        release.set()
        loading.join()
    # No load under way (it failed, say): the probe loads and is ready.
    assert client.get("/readyz").status_code == 200
    assert catalogue.loaded()


def test_readyz_waits_for_the_rendering_after_the_catalogue_is_in(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The catalogue is loaded, but the start-up load still renders streams: a search sent now
    # would wait for it.
    assert client.get("/readyz").status_code == 200
    assert catalogue.loaded()
    release = threading.Event()
    rendering = threading.Thread(target=release.wait)
    rendering.start()
    monkeypatch.setattr(warmup, "_running", rendering)
    try:
        assert client.get("/readyz").status_code == 503
    finally:
        release.set()
        rendering.join()
    assert client.get("/readyz").status_code == 200


def test_starting_scores_the_words_of_the_most_streams(session: Session) -> None:
    added = [add_stream(session, f"quokka-{n}") for n in range(40)]  # "Test round quokka-N"
    reindex_streams(session, [s.pk for s in added])
    assert "quokka" in warmup.common_words(session, 3)

    warmup.warm(session)

    snapshot = catalogue.current_catalogue(session).search(session)
    mask, _ = snapshot.text_scores(("quokka",), lambda: pytest.fail("scored again"))
    assert set(snapshot.members(mask)) == {s.pk for s in added}
