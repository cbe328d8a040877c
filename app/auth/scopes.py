"""Who may write what: the role matrix as pure functions (no database, no HTTP).

- `admin` may do everything, including restoring deleted streams and awards.
- `funder` may write the streams and awards of its own funders (before *and* after the write, so
  it cannot move a record to a funder outside its scope) and update its own funders' records.
- `commissioner` may write awards whose boroughs are all its own. An award with no borough is
  nobody's in particular, so it is not a commissioner's to write.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

Role = Literal["admin", "funder", "commissioner"]
Action = Literal["create", "update", "delete", "restore"]


@dataclass(frozen=True)
class Principal:
    """The caller behind an API key."""

    key_pk: int
    name: str
    role: Role
    funders: frozenset[str] = frozenset()
    boroughs: frozenset[str] = frozenset()


def can_write_funder(principal: Principal, *, action: Action, funder: str) -> bool:
    """Funders are created and deleted by admins; a funder key may update its own record."""
    if principal.role == "admin":
        return True
    return principal.role == "funder" and action == "update" and funder in principal.funders


def can_write_stream(principal: Principal, *, action: Action, funder: str) -> bool:
    """Whether the caller may do `action` to a stream of `funder` (check before and after)."""
    if principal.role == "admin":
        return True
    if action == "restore":
        return False
    return principal.role == "funder" and funder in principal.funders


def can_write_award(
    principal: Principal, *, action: Action, funder: str, boroughs: Collection[str]
) -> bool:
    """Whether the caller may do `action` to an award of `funder` in `boroughs` (check the
    award as it was and as it will be)."""
    if principal.role == "admin":
        return True
    if action == "restore":
        return False
    if principal.role == "funder":
        return funder in principal.funders
    return bool(boroughs) and set(boroughs) <= principal.boroughs
