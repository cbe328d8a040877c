"""The steps every versioned write takes (funders, streams, awards)."""

from __future__ import annotations

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.core.errors import PreconditionFailed


def check_version(current: int, expected: int) -> None:
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
