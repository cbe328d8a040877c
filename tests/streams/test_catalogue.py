"""The in-process catalogue: read once per token, however many requests ask at once."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy.orm import Session

from app.streams import catalogue


def test_requests_arriving_together_share_one_load(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "_cached", None)
    loads = 0
    real_load = catalogue.load_catalogue
    arrived = threading.Barrier(4)

    def counted_load(s: Session) -> Any:
        nonlocal loads
        loads += 1
        return real_load(s)

    monkeypatch.setattr(catalogue, "load_catalogue", counted_load)
    # The token and the load run in the calling thread; the lock is what is shared.
    token = catalogue.catalogue_token(session)
    monkeypatch.setattr(catalogue, "catalogue_token", lambda _s: token)
    found: list[catalogue.Catalogue] = []

    def ask() -> None:
        arrived.wait()
        found.append(catalogue.current_catalogue(session))

    with session.no_autoflush:
        threads = [threading.Thread(target=ask) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    assert loads == 1
    assert len({id(c) for c in found}) == 1
