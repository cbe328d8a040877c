"""A problem found in a grant: the field it is in and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Why a grant was rejected (or taken with a warning): `field` is a dotted path into the
    grant (`amountAwarded`, `recipientOrganization.0.id`), empty for the grant as a whole."""

    field: str
    reason: str
