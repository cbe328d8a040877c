"""HTTP pieces shared by every write endpoint: `If-Match`, `ETag`, `Idempotency-Key` (whose
answers app/idempotency/replay.py stores and replays)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header


def etag(version: int) -> str:
    return f'"{version}"'


IfMatch = Annotated[
    str | None, Header(alias="If-Match", description="The ETag from your last GET.")
]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Retry-safe POST: the same key and body within 24 hours returns the first "
        "answer and creates nothing new.",
    ),
]
