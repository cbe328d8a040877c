"""HTTP pieces shared by every write endpoint: `If-Match`, `ETag`, `Idempotency-Key` (whose
answers app/idempotency/replay.py stores and replays)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from app.core.errors import PreconditionFailed, PreconditionRequired


def etag(version: int) -> str:
    return f'"{version}"'


def parse_if_match(value: str | None) -> int:
    """The version an `If-Match` header names: 428 without one, 412 if it names none we made."""
    if value is None or not value.strip():
        raise PreconditionRequired(
            "This write needs `If-Match` with the resource's current ETag (GET it first)."
        )
    for tag in value.split(","):
        tag = tag.strip()
        # Strong comparison (RFC 9110 13.1.1): weak tags never match. A GET's ETag is
        # "<version>.<body hash>" (app/http/etag.py); the version alone decides.
        if tag.startswith('"') and tag.endswith('"'):
            version = tag[1:-1].split(".", 1)[0]
            if version.isdigit():
                return int(version)
    raise PreconditionFailed("If-Match does not name a version of this resource.")


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
