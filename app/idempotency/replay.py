"""Create endpoints under `Idempotency-Key`: the first answer is stored, a retry gets it back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from app.http.writes import etag
from app.idempotency.service import find_answer, request_hash, store_answer


def idempotent_create(
    *,
    session: Session,
    request: Request,
    api_key_pk: int,
    key: str | None,
    payload: Any,
    create: Callable[[], tuple[dict[str, Any], str, int]],
) -> JSONResponse:
    """Runs `create` (-> body, location, version) once per Idempotency-Key; replays after that."""
    fingerprint = request_hash(request.method, request.url.path, payload)
    if key is not None:
        stored = find_answer(
            session=session, api_key_pk=api_key_pk, key=key, fingerprint=fingerprint
        )
        if stored is not None:
            headers = {"Idempotent-Replayed": "true"}
            if stored.location:
                headers["Location"] = stored.location
            return JSONResponse(stored.body, status_code=stored.status_code, headers=headers)
    body, location, version = create()
    if key is not None:
        store_answer(
            session=session,
            api_key_pk=api_key_pk,
            key=key,
            fingerprint=fingerprint,
            status_code=201,
            body=body,
            location=location,
        )
    return JSONResponse(
        body, status_code=201, headers={"Location": location, "ETag": etag(version)}
    )
