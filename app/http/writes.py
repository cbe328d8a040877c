"""HTTP pieces shared by every write endpoint: `If-Match`, `ETag`, `Idempotency-Key`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Header, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.auth.scopes import Principal
from app.core.errors import PreconditionFailed, PreconditionRequired
from app.idempotency.service import StoredAnswer, claim_key, request_hash, store_answer


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


def check_version(current: int, if_match: str | None) -> None:
    """The If-Match precondition of a write: 428 without one, 412 unless it names `current`.

    Called by the services after they have checked the caller's right to the record, so that a
    caller without it learns nothing from the precondition (403 before 428: issue 12, item 9)."""
    expected = parse_if_match(if_match)
    if current != expected:
        raise PreconditionFailed(
            f"The resource has changed (it is at version {current}, you sent {expected}); "
            "GET it again and reapply your change."
        )


def flush_versioned(session: Session) -> None:
    """Flushes; an UPDATE that found its version already moved on (a concurrent write) is 412."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise PreconditionFailed(
            "The resource was changed by another request at the same time; GET it again."
        ) from exc


def idempotent_create(
    *,
    session: Session,
    request: Request,
    principal: Principal,
    key: str | None,
    payload: Any,
    create: Callable[[], tuple[dict[str, Any], str, int]],
) -> JSONResponse:
    """Runs `create` (-> body, location, version) once per Idempotency-Key; replays after that.

    The key is claimed before `create` runs, in the same transaction: a concurrent request with
    the same key waits for this one and then replays its answer (or, if this one failed and
    rolled back, creates in its turn)."""
    fingerprint = request_hash(request.method, request.url.path, payload)
    claim = None
    if key is not None:
        claimed = claim_key(
            session=session, api_key_pk=principal.key_pk, key=key, fingerprint=fingerprint
        )
        if isinstance(claimed, StoredAnswer):
            headers = {"Idempotent-Replayed": "true"}
            if claimed.location:
                headers["Location"] = claimed.location
            return JSONResponse(claimed.body, status_code=claimed.status_code, headers=headers)
        claim = claimed
    body, location, version = create()
    if claim is not None:
        store_answer(session=session, claim=claim, status_code=201, body=body, location=location)
    return JSONResponse(
        body, status_code=201, headers={"Location": location, "ETag": etag(version)}
    )
