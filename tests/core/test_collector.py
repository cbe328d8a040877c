"""The collector policy (app/core/collector.py) as serving applies it; an import leaves it as it
was."""

from __future__ import annotations

import gc
import json
import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.auth.service import create_key
from app.core import collector
from app.main import create_app
from tests.imports.conftest import grant


def test_serving_freezes_what_is_alive_at_start_out_of_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(collector, "_frozen", False)
    gc.unfreeze()
    try:
        with TestClient(create_app()) as client:
            assert client.get("/healthz").status_code == 200
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_an_http_import_leaves_the_servers_collector_policy_as_it_was(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collector, "_frozen", False)
    collector.freeze_once()  # what serving does at start
    frozen, thresholds = gc.get_freeze_count(), gc.get_threshold()
    assert frozen > 0
    key = create_key(session=session, name="test-collector", role="admin")
    answer = client.post(
        "/v1/imports/360giving",
        content=json.dumps({"grants": [grant(1), grant(2)]}).encode(),
        headers={"Authorization": f"Bearer {key.secret}"},
    )
    assert answer.status_code == 200, answer.text
    # Frozen objects that die leave the count, so it drifts down a little; gc.unfreeze() (what
    # an import did) empties it.
    assert gc.get_freeze_count() > frozen // 2
    assert gc.get_threshold() == thresholds


def test_overlapping_imports_give_back_the_thresholds_they_found() -> None:
    thresholds = gc.get_threshold()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with collector.few_collections():
            first_in.set()
            second_in.wait(30)
        first_out.set()

    def second() -> None:
        first_in.wait(30)
        with collector.few_collections():
            second_in.set()
            first_out.wait(30)
            assert gc.get_threshold()[0] == 50_000  # still importing: still raised

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert first_out.is_set() and second_in.is_set()
    assert gc.get_threshold() == thresholds
