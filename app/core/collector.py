"""The cyclic garbage collector's policy: what is frozen out of it, and when it runs less."""

from __future__ import annotations

import gc
import threading
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


# Imports running now in this process (threads of one server may run several), and the
# thresholds in force before the first of them began.
_lock = threading.Lock()
_imports = 0
_thresholds: tuple[int, int, int] | None = None


@contextmanager
def loading_for_good() -> Iterator[None]:
    """Around a worker's start-up load of its catalogue of streams: what the load leaves alive (a
    million objects at 10,000 streams: facts, masks, orders, rendered streams) lives until the
    next write, most of it longer (an update shares what did not change). The collector stays
    off while it is built (its full passes would walk all that was built so far, again and
    again: 85 % of rendering the streams), then runs once, for the load's own garbage, and
    freezes the rest: later passes no longer walk it, in requests either (BENCHMARKS.md, issue
    15). Nothing else is alive to be frozen with it: the server is not ready until the load
    is done."""
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.freeze()
        gc.enable()


@contextmanager
def few_collections() -> Iterator[None]:
    """Fewer runs of the cyclic garbage collector while an import runs.

    An import allocates millions of short-lived containers (parsed grants, rows), which reference
    counting frees; the allocations still set off the collector every 700, and its full passes
    go through every object alive (the app's, SQLAlchemy's, the aggregates' change): 19 % of an
    import of 200,000 grants. What is alive when the process starts its work is frozen out of
    the collections (`freeze_once`, the same freeze serving makes; a command-line import makes it
    here), and the youngest generation is collected every 50,000 allocations.

    This is the one place that changes the collector while serving. It never unfreezes (that
    would hand the server's start-up objects back to every full pass of every request: issue 12,
    item 7), and the thresholds in force before the first of overlapping imports come back when
    the last one ends (each restoring what it found would leave the raised ones behind).
    """
    global _imports, _thresholds
    freeze_once()
    with _lock:
        if _imports == 0:
            _thresholds = gc.get_threshold()
            gc.set_threshold(50_000, 20, 10)
        _imports += 1
    try:
        yield
    finally:
        with _lock:
            _imports -= 1
            if _imports == 0 and _thresholds is not None:
                gc.set_threshold(*_thresholds)
                _thresholds = None
