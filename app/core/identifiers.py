"""Normalising org-ids (https://org-id.guide) so that one organisation has one spelling.

Pure functions: no database, no HTTP.
"""

from __future__ import annotations

import re

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
