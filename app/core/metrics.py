"""The service's Prometheus metrics (prometheus-client), shared by every process that serves.

With several worker processes each keeps its own counts; when `PROMETHEUS_MULTIPROC_DIR` names a
directory (`signpost serve --workers N` makes one), every process writes its values there and
`/metrics`, answered by whichever worker, adds them all up (prometheus-client's multiprocess
mode). The variable must be set before this module is first imported: the library chooses how
values are kept when it is imported.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.registry import REGISTRY, Collector

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter(
    "signpost_http_requests",
    "HTTP requests answered, by route template (not raw path), method and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "signpost_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template and method.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
POOL_IN_USE = Gauge(
    "signpost_db_pool_connections_in_use",
    "Database connections checked out of the pool (summed over live workers).",
    multiprocess_mode="livesum",
)
IMPORTS_RUNNING = Gauge(
    "signpost_imports_running",
    "360Giving imports running now.",
    multiprocess_mode="livesum",
)
IMPORT_ROWS = Counter(
    "signpost_import_rows_read",
    "Grants read by 360Giving imports (a running import's progress is this counter's rate).",
)


@contextmanager
def import_running() -> Iterator[None]:
    IMPORTS_RUNNING.inc()
    try:
        yield
    finally:
        IMPORTS_RUNNING.dec()


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROCESS_DIR) or None


def render(*extra: Collector) -> bytes:
    """The exposition text: this process's metrics (or every worker's, in multiprocess mode)
    and those of `extra`, collected now."""
    registry = REGISTRY
    if multiprocess_dir():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    text = generate_latest(registry)
    if extra:
        more = CollectorRegistry()
        for collector in extra:
            more.register(collector)
        text += generate_latest(more)
    return text


def process_exited(pid: int) -> None:
    """Drops a finished worker's live gauges (multiprocess mode), as prometheus-client asks."""
    if multiprocess_dir():
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
