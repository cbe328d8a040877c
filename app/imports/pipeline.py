"""Writing one batch while the next is read and checked, with few garbage collections.

SQLite (and the PostgreSQL driver) do their part of a statement without holding the GIL, so a
second thread that only writes lets the checking of the next batch (JSON parsing, schema
validation, mapping: pure Python) run meanwhile, on the machine's other core. Only the writing
thread touches the session while the batches flow; it writes them in order, one at a time, in
the caller's transaction.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class _Writer(threading.Thread, Generic[T]):
    def __init__(self, write: Callable[[T], None]) -> None:
        super().__init__(name="import-writer", daemon=True)
        self.write = write
        # One batch waiting while one is written: memory stays at a few batches.
        self.batches: queue.Queue[tuple[bool, T | None]] = queue.Queue(maxsize=1)
        self.failure: BaseException | None = None

    def run(self) -> None:
        while True:
            more, batch = self.batches.get()
            if not more:
                return
            if self.failure is None:
                try:
                    self.write(batch)  # type: ignore[arg-type]
                except BaseException as exc:  # raised again in the caller's thread
                    self.failure = exc


def overlapped(batches: Iterable[T], write: Callable[[T], None]) -> None:
    """Calls `write(batch)` for each batch, in order, in a second thread, while this one makes
    the next batch. Returns when every batch is written; an exception raised by `write` is
    raised here (no later batch is written), and one raised making a batch is raised once the
    batch being written is done."""
    writer: _Writer[T] = _Writer(write)
    writer.start()
    try:
        for batch in batches:
            if writer.failure is not None:
                break
            writer.batches.put((True, batch))
    finally:
        writer.batches.put((False, None))
        writer.join()
    if writer.failure is not None:
        raise writer.failure
