"""What changed between two snapshots of a record (plain dicts in API units)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, Any]:
    """`{field: {"before": …, "after": …}}` for each field whose value differs.

    A missing side (a record created, or deleted) counts as None for every field of the other.
    """
    if before is None and after is not None:
        # A creation (an import logs a million): every field set, with no comparing.
        return {
            name: {"before": None, "after": after[name]}
            for name in sorted(after)
            if after[name] is not None
        }
    old = before or {}
    new = after or {}
    changed: dict[str, Any] = {}
    for name in sorted(set(old) | set(new)):
        was, now = old.get(name), new.get(name)
        if was != now:
            changed[name] = {"before": was, "after": now}
    return changed
