from __future__ import annotations

import datetime as dt
from typing import Any

from app.core.schemas import Schema


class FieldChange(Schema):
    before: Any
    after: Any


class ChangeRead(Schema):
    id: int
    at: dt.datetime
    actor: str
    action: str
    resource: str
    resource_id: str
    changes: dict[str, FieldChange]


class ChangePage(Schema):
    items: list[ChangeRead]
    next_cursor: str | None
