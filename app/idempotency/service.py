"""`Idempotency-Key` on POST: a retried request gets the first answer and creates nothing.

The record is written in the transaction of the create itself, so a failed create leaves no
record and can be retried with the same key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.clock import as_utc, utcnow
from app.core.errors import Conflict, InvalidInput
from app.idempotency.models import IdempotencyRecord

KEEP_FOR = dt.timedelta(hours=24)


def request_hash(method: str, path: str, body: Any) -> str:
    """A fingerprint of the request: the same JSON in another key order or spacing is the same."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


@dataclass(frozen=True)
class StoredAnswer:
    status_code: int
    body: Any
    location: str | None


def find_answer(
    *, session: Session, api_key_pk: int, key: str, fingerprint: str
) -> StoredAnswer | None:
    """The answer stored for this key within 24 hours; 422 if the key came with another body."""
    record = session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.api_key_pk == api_key_pk, IdempotencyRecord.key == key
        )
    )
    if record is None or as_utc(record.created_at) < utcnow() - KEEP_FOR:
        return None
    if record.request_hash != fingerprint:
        raise InvalidInput.field(
            ["header", "Idempotency-Key"],
            "This Idempotency-Key was used with a different request; use a new key.",
        )
    return StoredAnswer(record.status_code, json.loads(record.response_body), record.location)


def claim_key(
    *, session: Session, api_key_pk: int, key: str, fingerprint: str
) -> StoredAnswer | IdempotencyRecord:
    """The answer to replay for this key, or the key claimed for this request (a record written
    in its transaction, completed by `store_answer`); 422 if the key came with another body.

    Two requests with the same key: on SQLite the second runs after the first has committed (a
    write request holds the write lock from its start) and finds its answer. On PostgreSQL both
    may find nothing; the second's insert of the claim then waits for the first transaction. If
    that commits, the insert fails and the second replays the answer now committed; if it rolls
    back, the insert succeeds and the second creates in its turn."""
    stored = find_answer(session=session, api_key_pk=api_key_pk, key=key, fingerprint=fingerprint)
    if stored is not None:
        return stored
    session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.api_key_pk == api_key_pk,
            IdempotencyRecord.key == key,
            IdempotencyRecord.created_at < utcnow() - KEEP_FOR,
        )
    )
    record = IdempotencyRecord(
        api_key_pk=api_key_pk,
        key=key,
        request_hash=fingerprint,
        status_code=0,
        response_body="null",
        location=None,
        created_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError as exc:
        # Read committed: this statement sees what the winning transaction committed.
        stored = find_answer(
            session=session, api_key_pk=api_key_pk, key=key, fingerprint=fingerprint
        )
        if stored is not None:
            return stored
        raise Conflict(
            "A request with this Idempotency-Key is being processed; retry shortly."
        ) from exc
    return record


def store_answer(
    *,
    session: Session,
    claim: IdempotencyRecord,
    status_code: int,
    body: Any,
    location: str | None,
) -> None:
    """Completes a claim with the answer that later requests with the key will replay."""
    claim.status_code = status_code
    claim.response_body = json.dumps(body, separators=(",", ":"))
    claim.location = location
    session.flush()
