"""Checks shared by routers: that the ids a request names exist."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.core.errors import InvalidInput


def check_known_ids(
    session: Session,
    column: InstrumentedAttribute[str],
    ids: Sequence[str],
    *,
    loc: list[str | int],
) -> list[str]:
    """Returns `ids` if each exists in `column`, else a 422 naming `loc` and the unknown ones."""
    if not ids:
        return []
    found = set(session.scalars(select(column).where(column.in_(ids))).all())
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise InvalidInput.field(loc, f"Unknown {loc[-1]} id(s): {', '.join(unknown)}.")
    return list(dict.fromkeys(ids))
