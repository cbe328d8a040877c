"""Benchmark suites. Each module defines `prepare(database_url, *, seed)`, which fills a freshly
migrated database, and `run(server)`, which drives the served app and returns Results. Register a
suite in SUITES."""

from __future__ import annotations

from types import ModuleType

SUITES: dict[str, str] = {
    # name -> module under bench.suites
    "awards": "awards",
    "streams": "streams",
}


def load(name: str) -> ModuleType:
    import importlib

    return importlib.import_module(f"bench.suites.{SUITES[name]}")
