"""Pieces of the representation shared by every domain (DESIGN.md, "Representation")."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=False)


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None
    total: int
