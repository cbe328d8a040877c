"""The cyclic garbage collector's policy: what is frozen out of it, and when it runs less."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_frozen = False


def freeze_once() -> None:
    """Called when serving starts. What is alive then (modules, ORM mappers, pydantic schemas:
    most of the objects the process ever holds) lives as long as the process: frozen out of the
    cyclic collector, whose full passes otherwise walk all of it and stall the request they fall
    in (`python -m bench.inprocess overlap [--freeze]`; BENCHMARKS.md, issue 4). Once a process:
    an app started again in it (the tests) would freeze what later garbage it left."""
    global _frozen
    if not _frozen:
        gc.freeze()
        _frozen = True


@contextmanager
def few_collections() -> Iterator[None]:
    """Fewer runs of the cyclic garbage collector while an import runs.

    An import allocates millions of short-lived containers (parsed grants, rows), which reference
    counting frees; the allocations still set off the collector every 700, and its full passes
    go through every object alive (the app's, SQLAlchemy's, the aggregates' change): 19 % of an
    import of 200,000 grants. What is alive at the start is frozen out of the collections, and the
    youngest generation is collected every 50,000 allocations.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 10)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
