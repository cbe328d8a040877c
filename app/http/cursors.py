"""The page cursor a list request gives, bound to the request's path and query."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends, Query, Request

from app.core.cursors import MAX_CURSOR_LENGTH, Cursor

# Parameters that do not change which items a list holds or their order: a cursor stays valid
# when they change between pages.
_UNBOUND = frozenset({"cursor", "limit"})


def cursor_scope(path: str, query: Iterable[tuple[str, str]]) -> str:
    """What a cursor is bound to: the path and the query less the parameters in _UNBOUND and
    the empty ones (`q=` asks for nothing); the order of repeated parameters does not matter."""
    return json.dumps([path, sorted(kv for kv in query if kv[0] not in _UNBOUND and kv[1])])


async def page_cursor(
    request: Request,
    cursor: Annotated[
        str | None,
        Query(
            max_length=MAX_CURSOR_LENGTH,
            description="The `next_cursor` of the previous page, with the same filters and sort.",
        ),
    ] = None,
) -> Cursor:
    """The cursor, bound to the path and every other query parameter. (Async: no I/O, so no
    trip through the thread pool.)"""
    # An empty `cursor=` asks for the first page, as no cursor does.
    scope = cursor_scope(request.url.path, request.query_params.multi_items())
    return Cursor(cursor or None, scope=scope)


CursorDep = Annotated[Cursor, Depends(page_cursor)]
