"""Full-text index tables live outside the ORM metadata (SQLite FTS5 virtual tables and their
shadow tables; PostgreSQL tsvector tables). Migrations create them; Alembic autogenerate and the
metadata-versus-schema test skip them through `is_full_text_table`."""

from __future__ import annotations

import re
from typing import Any

# `awards_fts` and `stream_search`, and FTS5's shadow tables (`awards_fts_data`, `…_idx` …).
_FULL_TEXT_TABLE = re.compile(r"^([a-z_]+_fts|stream_search)(_[a-z]+)?$")


def is_full_text_table(name: str | None) -> bool:
    return bool(name) and bool(_FULL_TEXT_TABLE.match(name or ""))


def include_object(
    obj: Any, name: str | None, type_: str, _reflected: bool, _compare_to: Any
) -> bool:
    """Alembic `include_object` hook: everything but full-text tables and their indexes."""
    if type_ == "table":
        return not is_full_text_table(name)
    table = getattr(obj, "table", None)
    return not is_full_text_table(getattr(table, "name", None))
