from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from app.imports.pipeline import overlapped


def test_batches_are_written_in_order_in_another_thread() -> None:
    written: list[tuple[int, str]] = []
    overlapped(range(50), lambda n: written.append((n, threading.current_thread().name)))
    assert [n for n, _ in written] == list(range(50))
    assert {name for _, name in written} == {"import-writer"}


def test_a_failed_write_stops_the_writing_and_is_raised() -> None:
    written: list[int] = []

    def write(n: int) -> None:
        if n == 3:
            raise RuntimeError("disk full")
        written.append(n)

    with pytest.raises(RuntimeError, match="disk full"):
        overlapped(range(100), write)
    assert written == [0, 1, 2]


def test_a_failure_making_batches_is_raised_after_the_pending_write() -> None:
    written: list[int] = []

    def batches() -> Iterator[int]:
        yield from range(3)
        raise ValueError("cut short")

    with pytest.raises(ValueError, match="cut short"):
        overlapped(batches(), written.append)
    assert written == [0, 1, 2]
