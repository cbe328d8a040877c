"""Writing to and reading the change log. `record_change` is the one way every write path
(API, imports) logs what it did, in the transaction of the write itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, or_, select, text
from sqlalchemy.orm import Session

from app.changes.diff import diff
from app.changes.models import ACTIONS, RESOURCES, Change
from app.core.bulk import insert_many
from app.core.clock import utcnow
from app.core.cursors import Cursor
from app.core.pagination import SortKey, keyset_page

_ORDER = (SortKey(Change.txid), SortKey(Change.pk))


def _current_txid(session: Session) -> int:
    if session.get_bind().dialect.name != "postgresql":
        return 0
    return int(session.scalar(text("SELECT pg_current_xact_id()::text::bigint")) or 0)


def _settled() -> ColumnElement[bool]:
    """Entries of transactions that can no longer commit behind them (PostgreSQL), and the
    reading transaction's own."""
    xmin = text("pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    own = text("pg_current_xact_id_if_assigned()::text::bigint")
    return or_(Change.txid < xmin, Change.txid == own)


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
        txid=_current_txid(session),
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


def record_changes(
    session: Session,
    *,
    actor: str,
    resource: str,
    entries: Sequence[tuple[str, Mapping[str, Any] | None, Mapping[str, Any] | None]],
) -> int:
    """Logs many writes at once (an import): `(resource_id, before, after)` each, as
    `record_change` would, in one multi-row INSERT. Returns how many were logged."""
    if resource not in RESOURCES:
        raise ValueError(f"unknown resource {resource!r}")
    txid, at = _current_txid(session), utcnow()
    rows = []
    for resource_id, before, after in entries:
        changes = diff(before, after)
        if before is not None and after is not None and not changes:
            continue
        action = "create" if before is None else "delete" if after is None else "update"
        rows.append(
            {
                "txid": txid,
                "at": at,
                "actor": actor,
                "action": action,
                "resource": resource,
                "resource_id": resource_id,
                "changes": changes,
            }
        )
    if rows:
        # Core, not the ORM's bulk path: an import logs up to millions of rows.
        insert_many(session, cast(Table, Change.__table__), rows)
    return len(rows)


def list_changes(
    *,
    session: Session,
    since: dt.datetime | None,
    resources: Sequence[str],
    resource_id: str | None,
    limit: int,
    cursor: Cursor,
) -> tuple[Sequence[Change], str | None]:
    """One page of the log, oldest first, and the cursor of the next page."""
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(Change.at >= since)
    if resources:
        conditions.append(Change.resource.in_(resources))
    if resource_id is not None:
        conditions.append(Change.resource_id == resource_id)
    if session.get_bind().dialect.name == "postgresql":
        conditions.append(_settled())
    rows: Sequence[Change]
    rows, next_cursor = keyset_page(
        session,
        select(Change).where(*conditions),
        _ORDER,
        key_of=lambda c: [c.txid, c.pk],
        limit=limit,
        cursor=cursor,
    )
    return rows, next_cursor
