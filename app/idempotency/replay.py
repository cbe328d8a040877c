"""Create endpoints under `Idempotency-Key`: the first answer is stored, a retry gets it back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from app.http.writes import etag
from app.idempotency.service import StoredAnswer, claim_key, request_hash, store_answer


def idempotent_create(
    *,
    session: Session,
    request: Request,
    api_key_pk: int,
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
            session=session, api_key_pk=api_key_pk, key=key, fingerprint=fingerprint
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
