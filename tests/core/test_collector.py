"""The collector policy (app/core/collector.py) as serving applies it."""

from __future__ import annotations

import gc

import pytest
from fastapi.testclient import TestClient

from app.core import collector
from app.main import create_app


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
