"""Keyset pagination with opaque cursors, shared by every list endpoint.

A cursor encodes the sort key of the last item served; the next page starts strictly after it, so
pages stay stable while rows are added (unlike offsets).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, or_
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.core.errors import InvalidInput

T = TypeVar("T")


@dataclass(frozen=True)
class SortKey:
    """One column of a keyset ordering. Expressions must never be NULL."""

    expression: ColumnElement[Any] | InstrumentedAttribute[Any]
    descending: bool = False

    def order_by(self) -> ColumnElement[Any]:
        return self.expression.desc() if self.descending else self.expression.asc()


def _to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"d"}:
        return dt.date.fromisoformat(value["d"])
    if isinstance(value, dict) and set(value) == {"t"}:
        return dt.datetime.fromisoformat(value["t"])
    return value


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_to_json(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    """Decodes a cursor made by `encode_cursor`; anything else is a 422 naming `cursor`."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != width:
            raise ValueError("wrong width")
        return [_from_json(v) for v in values]
    except (ValueError, TypeError) as exc:
        raise InvalidInput.field(
            ["query", "cursor"], "cursor is not valid: pass back a next_cursor from a previous page"
        ) from exc


def after(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    """The condition 'strictly after `values`' in the ordering given by `keys`."""
    clauses: list[ColumnElement[bool]] = []
    for i, key in enumerate(keys):
        equal_before = [keys[j].expression == values[j] for j in range(i)]
        beyond = key.expression < values[i] if key.descending else key.expression > values[i]
        clauses.append(and_(*equal_before, beyond))
    return or_(*clauses) if clauses else false()


def keyset_page(
    session: Session,
    stmt: Select[Any],
    keys: Sequence[SortKey],
    *,
    key_of: Callable[[T], Sequence[Any]],
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[T], str | None]:
    """Runs `stmt` ordered by `keys` from `cursor` on; returns one page and the next cursor.

    `key_of` gives an item's sort-key values, in the order of `keys`.
    """
    stmt = stmt.order_by(*(k.order_by() for k in keys))
    if cursor:
        stmt = stmt.where(after(keys, decode_cursor(cursor, len(keys))))
    rows = session.scalars(stmt.limit(limit + 1)).unique().all()
    next_cursor = encode_cursor(key_of(rows[limit - 1])) if len(rows) > limit else None
    return rows[:limit], next_cursor
