"""HTTP pieces shared by every write endpoint: `If-Match` (read once, into the version the write
expects), `ETag`, `Idempotency-Key` (whose answers app/idempotency/replay.py stores and replays)."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import Depends, Header, Response

from app.core.versions import ExpectedVersion

T = TypeVar("T")


def etag(version: int) -> str:
    return f'"{version}"'


def with_etag(response: Response, version: int, body: T) -> T:
    """`body`, answered with the version it shows as its `ETag` (for the next `If-Match`)."""
    response.headers["ETag"] = etag(version)
    return body


def expected_version(
    if_match: Annotated[
        str | None, Header(alias="If-Match", description="The ETag from your last GET.")
    ] = None,
) -> ExpectedVersion:
    """What `If-Match` names. Judged by the write itself, after the caller's right to the record
    (app/core/versions.py says why)."""
    return ExpectedVersion.from_if_match(if_match)


ExpectedVersionDep = Annotated[ExpectedVersion, Depends(expected_version)]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Retry-safe POST: the same key and body within 24 hours returns the first "
        "answer and creates nothing new.",
    ),
]
