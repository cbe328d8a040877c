"""Links that keep a page's whole state in the URL, changing one thing."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

# Paging restarts whenever anything else changes.
_PAGING = ("cursor", "page")


def with_changes(
    path: str,
    params: QueryParams,
    *,
    set_: dict[str, str | list[str] | None] | None = None,
    toggle: tuple[str, str] | None = None,
    drop: Iterable[str] = (),
) -> str:
    """`path` with `params`, some replaced (`set_`; None removes), one value toggled in a
    repeated field, some dropped; empty values are left out so links stay short."""
    changes = set_ or {}
    gone = set(drop) | {name for name in _PAGING if name not in changes}
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name, value in params.multi_items():
        if name in gone or not value:
            continue
        if name in changes:
            if name not in seen:
                seen.add(name)
                new = changes[name]
                pairs += [(name, v) for v in _listed(new) if v]
            continue
        if toggle and name == toggle[0] and value == toggle[1]:
            continue
        pairs.append((name, value))
    for name, new in changes.items():
        if name not in seen:
            pairs += [(name, v) for v in _listed(new) if v]
    if toggle and toggle[1] not in params.getlist(toggle[0]):
        pairs.append(toggle)
    query = urlencode(pairs)
    return f"{path}?{query}" if query else path


def _listed(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value
