"""Writing to and reading the change log. `record_change` is the one way every write path
(API, imports) logs what it did, in the transaction of the write itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app.changes.diff import diff
from app.changes.models import ACTIONS, RESOURCES, Change
from app.pagination import SortKey, after, decode_cursor, encode_cursor
from app.timeutil import utcnow

_ORDER = (SortKey(Change.pk),)


def record_change(
    session: Session,
    *,
    actor: str,
    resource: str,
    resource_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    action: str | None = None,
) -> Change | None:
    """Logs a write: who, what, and the before/after of each changed field.

    The action is `create` without `before`, `delete` without `after`, else `update` (pass
    `action="restore"` for an undelete). An update that changed nothing logs nothing.
    """
    if resource not in RESOURCES:
        raise ValueError(f"unknown resource {resource!r}")
    if action is None:
        action = "create" if before is None else "delete" if after is None else "update"
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    changes = diff(before, after)
    if action == "update" and not changes:
        return None
    change = Change(
        at=utcnow(),
        actor=actor,
        action=action,
        resource=resource,
        resource_id=resource_id,
        changes=changes,
    )
    session.add(change)
    session.flush()
    return change


def list_changes(
    *,
    session: Session,
    since: dt.datetime | None,
    resources: Sequence[str],
    resource_id: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[Change], str | None]:
    """One page of the log, oldest first, and the cursor of the next page."""
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(Change.at >= since)
    if resources:
        conditions.append(Change.resource.in_(resources))
    if resource_id is not None:
        conditions.append(Change.resource_id == resource_id)
    stmt = select(Change).where(*conditions).order_by(*(k.order_by() for k in _ORDER))
    if cursor:
        stmt = stmt.where(after(_ORDER, decode_cursor(cursor, len(_ORDER))))
    rows = session.scalars(stmt.limit(limit + 1)).all()
    next_cursor = encode_cursor([rows[limit - 1].pk]) if len(rows) > limit else None
    return rows[:limit], next_cursor
