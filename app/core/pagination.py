"""Keyset pagination with opaque cursors, shared by every list endpoint.

A cursor holds the sort key of the last item served (app/core/cursors.py); the next page starts
strictly after it, so pages stay stable while rows are added (unlike offsets).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, or_
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.core.cursors import Cursor

T = TypeVar("T")


@dataclass(frozen=True)
class SortKey:
    """One column of a keyset ordering. Expressions must never be NULL."""

    expression: ColumnElement[Any] | InstrumentedAttribute[Any]
    descending: bool = False
    # The Python type of the key's values, when the expression's SQL type does not say it.
    kind: type | None = None

    def value_type(self) -> type | None:
        """The type a cursor's value for this key must have (None: any sort value)."""
        if self.kind is not None:
            return self.kind
        try:
            found: type = self.expression.type.python_type
        except NotImplementedError:
            return None
        return found

    def order_by(self) -> ColumnElement[Any]:
        return self.expression.desc() if self.descending else self.expression.asc()


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
    cursor: Cursor,
) -> tuple[Sequence[T], str | None]:
    """Runs `stmt` ordered by `keys` from `cursor` on; returns one page and the next cursor.

    `key_of` gives an item's sort-key values, in the order of `keys`.
    """
    stmt = stmt.order_by(*(k.order_by() for k in keys))
    start = cursor.values([k.value_type() for k in keys])
    if start is not None:
        stmt = stmt.where(after(keys, start))
    rows = session.scalars(stmt.limit(limit + 1)).unique().all()
    next_cursor = cursor.next(key_of(rows[limit - 1])) if len(rows) > limit else None
    return rows[:limit], next_cursor
