"""Create endpoints under `Idempotency-Key`: the first answer is stored, a retry gets it back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from app.http.writes import etag
from app.idempotency.service import StoredAnswer, claim_key, request_hash, store_answer


@dataclass(frozen=True)
class Created:
    """What a create answers: the new record as read, where it lives, its version."""

    body: BaseModel
    location: str
    version: int


def idempotent_create(
    *,
    session: Session,
    request: Request,
    api_key_pk: int,
    key: str | None,
    data: BaseModel,
    create: Callable[[], Created],
) -> JSONResponse:
    """Runs `create` once per Idempotency-Key (a key and the body it came with, `data`);
    replays its answer after that.

    The key is claimed before `create` runs, in the same transaction: a concurrent request with
    the same key waits for this one and then replays its answer (or, if this one failed and
    rolled back, creates in its turn)."""
    payload = data.model_dump(mode="json", exclude_unset=True)
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
    created = create()
    body, location = created.body.model_dump(mode="json"), created.location
    if claim is not None:
        store_answer(session=session, claim=claim, status_code=201, body=body, location=location)
    return JSONResponse(
        body, status_code=201, headers={"Location": location, "ETag": etag(created.version)}
    )
