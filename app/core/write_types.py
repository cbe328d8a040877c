"""Field types shared by the write schemas: strict, so bad input is a 422 naming the field."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

# Money (pounds to the penny, stored as exact pence) is the one type shared with the read side.
from app.core.money import Pounds

__all__ = ["Currency", "GssCode", "Name", "Pounds", "Slug", "TermSlug", "Url", "WriteSchema"]

# Readable public ids: `young-londoners-fund-round-2`.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
GssCode = Annotated[str, StringConstraints(pattern=r"^E09\d{6}$")]
TermSlug = Annotated[str, StringConstraints(max_length=80)]


class WriteSchema(BaseModel):
    # Unknown fields are mistakes (a misspelt `max_awrd` must not be silently ignored).
    model_config = ConfigDict(extra="forbid")
