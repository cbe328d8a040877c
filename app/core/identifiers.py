"""Normalising org-ids (https://org-id.guide) so that one organisation has one spelling.

Pure functions: no database, no HTTP. `OrgId` is the type of an org-id in a request schema.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from app.core.errors import InvalidInput

# An org-id is `<scheme>-<identifier>`, the scheme being a country (or XI/XM) code and a list code:
# `GB-CHC-1035628`, `GB-COH-01234567`, `GB-LAE-GLA`. Funders also mint their own `360G-…` ids.
_SCHEMED = re.compile(r"^([A-Za-z]{2}-[A-Za-z0-9]+)-(.+)$")
_FUNDER_MADE = re.compile(r"^(360G)-(.+)$", re.IGNORECASE)
_COMPANY_WITH_PREFIX = re.compile(r"^([A-Z]{2})(\d+)$")
# Lists whose identifiers are codes in capitals, so case carries no meaning.
_UPPER_CASE_LISTS = {"GB-CHC", "GB-COH", "GB-LAE", "GB-LAS", "GB-SC", "GB-NIC", "GB-EDU", "GB-NHS"}


class InvalidOrgId(ValueError):
    pass


def normalise_org_id(raw: str) -> str:
    """Returns the canonical spelling of an org-id, or raises InvalidOrgId.

    The scheme is upper-cased and all spaces removed; Companies House numbers are zero-padded to
    eight characters; charity numbers lose their leading zeros. Funder-made `360G-` ids keep their
    own spelling after the prefix.
    """
    compact = re.sub(r"\s+", "", raw)
    funder_made = _FUNDER_MADE.match(compact)
    if funder_made:
        return f"360G-{funder_made.group(2)}"
    schemed = _SCHEMED.match(compact)
    if not schemed:
        raise InvalidOrgId(
            f"{raw!r} is not an org-id: expected a scheme and an identifier, "
            "such as GB-CHC-1035628 or GB-COH-01234567"
        )
    scheme, identifier = schemed.group(1).upper(), schemed.group(2)
    if scheme in _UPPER_CASE_LISTS:
        identifier = identifier.upper()
    if scheme == "GB-COH":
        identifier = _pad_company_number(identifier)
    elif scheme == "GB-CHC":
        identifier = identifier.lstrip("0") or "0"
    return f"{scheme}-{identifier}"


def _pad_company_number(number: str) -> str:
    # Companies House numbers are eight characters: eight digits, or two letters and six digits.
    if number.isdigit():
        return number.zfill(8)
    prefixed = _COMPANY_WITH_PREFIX.match(number)
    if prefixed:
        return prefixed.group(1) + prefixed.group(2).zfill(6)
    return number


def is_registered(org_id: str) -> bool:
    """Tells whether an (already normalised) org-id comes from a register, not from a funder."""
    return not org_id.startswith("360G-")


def _org_id(value: str) -> str:
    # An empty string is left as it is: where it is allowed it means "none".
    if not value:
        return value
    try:
        return normalise_org_id(value)
    except InvalidOrgId as exc:
        raise PydanticCustomError("org_id", "{reason}", {"reason": str(exc)}) from exc


# Normalises an org-id field of a request as it is parsed: a 422 naming the field if it is none.
# After the field's own length constraints, so that their messages stay the same.
normalised_org_id = AfterValidator(_org_id)
OrgId = Annotated[str, StringConstraints(max_length=160), normalised_org_id]


def checked_org_id(value: str, *, loc: list[str | int]) -> str:
    """`normalise_org_id` for a value that is not parsed by a schema: a 422 naming `loc`."""
    try:
        return normalise_org_id(value)
    except InvalidOrgId as exc:
        raise InvalidInput.field(loc, str(exc)) from exc
