"""Publishing tests send webhooks to receivers on 127.0.0.1, so private addresses are allowed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core.settings import get_settings


@pytest.fixture(autouse=True)
def allow_private_webhooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SIGNPOST_WEBHOOKS_ALLOW_PRIVATE", "true")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
