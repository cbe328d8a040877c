"""What an award funds and where, as the overlap check compares awards (and proposals)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Terms:
    """What an award (or proposal) funds, and where."""

    boroughs: frozenset[str] = frozenset()
    activities: frozenset[str] = frozenset()
    violence_types: frozenset[str] = frozenset()
    beneficiary_groups: frozenset[str] = frozenset()
