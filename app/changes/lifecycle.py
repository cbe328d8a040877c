"""The steps every versioned write takes, written once for funders, streams and awards.

Find the record (404), check the version the client last saw (412), write with the database's
version check, log the change, keep what is derived in step; delete and restore. A record with a
`deleted_at` column is deleted softly (it leaves every read, stays in the log, can be restored);
one without is deleted for good.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.orm.exc import StaleDataError

from app.changes.service import record_change
from app.core.clock import utcnow
from app.core.db import Base, add_unique
from app.core.errors import Conflict, InvalidInput, NotFound, PreconditionFailed
from app.core.field_order import check_order
from app.core.versions import ExpectedVersion

R = TypeVar("R", bound=Base)


def flush_versioned(session: Session) -> None:
    """Flushes; an UPDATE that found its version already moved on (a concurrent write) is 412."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise PreconditionFailed(
            "The resource was changed by another request at the same time; GET it again."
        ) from exc


def referenced(
    session: Session, key: InstrumentedAttribute[str], value: str, *, field: str, what: str
) -> Any:
    """The record a write's body names by its public id, or a 422 naming the field. A softly
    deleted record cannot be named."""
    model = key.class_
    stmt = select(model).where(key == value)
    if hasattr(model, "deleted_at"):
        stmt = stmt.where(model.deleted_at.is_(None))
    record = session.scalar(stmt)
    if record is None:
        raise InvalidInput.field(["body", field], f"Unknown {what} id: {value}.")
    return record


@dataclass(frozen=True)
class Lifecycle(Generic[R]):
    """How one kind of record is written."""

    resource: str  # as the change log names it: "stream"
    noun: str  # as a 404 names it: "funding stream"
    model: type[R]
    key: InstrumentedAttribute[str]  # the public id: slug or identifier
    snapshot: Callable[[R], dict[str, Any]]  # the record in API units, as the log records it
    # Field pairs whose first value must not be above the second, checked on the whole record.
    ordered: tuple[tuple[str, str], ...] = ()
    # What is derived from the record, brought up to date in the write's own transaction.
    after_write: Callable[[Session, R], None] | None = None
    # A check of the whole record against others (422), before it is written.
    check: Callable[[Session, R], None] | None = None

    def get(self, session: Session, key: str, *, deleted: bool = False) -> R:
        record = session.scalar(select(self.model).where(self.key == key))
        if record is None or (getattr(record, "deleted_at", None) is not None) != deleted:
            state = "deleted " if deleted else ""
            raise NotFound(f"There is no {state}{self.noun} with id {key!r}.")
        return record

    def open(
        self, session: Session, key: str, expected: ExpectedVersion, allow: Callable[[R], None]
    ) -> tuple[R, dict[str, Any]]:
        """The record to change, once the key may and `If-Match` names its version; and its
        snapshot before the change. The version is checked after the right (403 before 428)."""
        record = self.get(session, key)
        allow(record)
        expected.check(getattr(record, "version"))  # noqa: B009 - a mapped column
        return record, self.snapshot(record)

    def finish(
        self,
        session: Session,
        actor: str,
        record: R,
        before: dict[str, Any] | None,
        action: str | None = None,
    ) -> dict[str, Any]:
        """Checks the whole record, writes it with its version check, logs it; returns the
        snapshot after. A PATCH that changes nothing writes nothing (no new version, no log)."""
        after = self.snapshot(record)
        check_order(after, self.ordered)
        if action is None and before is not None and after == before:
            return after
        if self.check is not None:
            self.check(session, record)
        if hasattr(self.model, "updated_at"):
            setattr(record, "updated_at", utcnow())  # noqa: B010 - a mapped column
        if record in session:
            flush_versioned(session)
        else:
            self.insert(session, record)
        self._log(session, actor, record, before, None if action == "delete" else after, action)
        if self.after_write is not None:
            self.after_write(session, record)
        return after

    def insert(self, session: Session, record: R) -> None:
        """Writes a new record; 409 if its id is taken, also by a concurrent transaction that
        committed it after this one looked (PostgreSQL: both found it free)."""
        key = getattr(record, self.key.key)

        def taken() -> bool:
            return session.scalar(select(self.key).where(self.key == key)) is not None

        if not add_unique(session, record, taken=taken):
            raise Conflict(f"A {self.noun} with id {key!r} exists (or is deleted).")

    def delete(
        self,
        session: Session,
        actor: str,
        key: str,
        expected: ExpectedVersion,
        allow: Callable[[R], None],
        refuse: Callable[[R], None] | None = None,
    ) -> None:
        """Deletes once the key may, `If-Match` is current and `refuse` (a 409) does not."""
        record, before = self.open(session, key, expected, allow)
        if refuse is not None:
            refuse(record)
        if hasattr(self.model, "deleted_at"):
            setattr(record, "deleted_at", utcnow())  # noqa: B010 - a mapped column
            self.finish(session, actor, record, before, action="delete")
            return
        session.delete(record)
        flush_versioned(session)
        self._log(session, actor, record, before, None, None)

    def restore(self, session: Session, actor: str, key: str, allow: Callable[[R], None]) -> R:
        record = session.scalar(select(self.model).where(self.key == key))
        if record is None:
            raise NotFound(f"There is no {self.noun} with id {key!r}.")
        allow(record)
        # A live record exists (404 would say it does not): restoring it is a conflict with its
        # state, told only to a caller who may change it.
        if getattr(record, "deleted_at", None) is None:
            raise Conflict(f"The {self.noun} {key!r} is not deleted: there is nothing to restore.")
        setattr(record, "deleted_at", None)  # noqa: B010 - a mapped column
        self.finish(session, actor, record, None, action="restore")
        return record

    def _log(
        self,
        session: Session,
        actor: str,
        record: R,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        action: str | None,
    ) -> None:
        record_change(
            session,
            actor=actor,
            resource=self.resource,
            resource_id=getattr(record, self.key.key),
            before=before,
            after=after,
            action=action,
        )
