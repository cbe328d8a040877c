"""Repair mode (`--repair`, `repair=true`): fixes a short, fixed list of well-known publishing
slips in a grant's optional fields, and says what it changed. Strict is the default; a required
field (id, title, description, amount, currency, award date, the funder's and the recipient's
id and name, anything about an individual) is never touched, so never guessed.

What is repaired, anywhere outside those fields:
1. leading and trailing whitespace around a text value;
2. `fromOpenCall` written `Y`/`N`, `yes`/`no` (any case), `true`/`false` or as a JSON boolean:
   becomes the standard's `Yes`/`No`;
3. a web address (`url`, `dataSource`) without its scheme (`www.example.org.uk`): `https://`
   is put in front; two or more addresses in one field (separated by spaces, `;`, `,`, `|`,
   ` / ` or `and`): the first is kept;
4. a country code in lower case (`gb`): upper-cased, when that is a code of the codelist.

Dates with a time of `T00:00:00+00:00` need no repair: the standard takes a date-time wherever
it takes a date, and Signpost reads its day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.imports.formats import is_uri
from app.imports.standard import load_schema

_REQUIRED = frozenset(
    {"id", "title", "description", "currency", "amountAwarded", "awardDate", "recipientIndividual"}
)
_ORGANISATIONS = frozenset({"fundingOrganization", "recipientOrganization"})
_URI_KEYS = frozenset({"url", "dataSource"})
_OPEN_CALL = {"y": "Yes", "yes": "Yes", "true": "Yes", "n": "No", "no": "No", "false": "No"}
_SEPARATOR = re.compile(r"\s*[;,|]\s*|\s+/\s+|\s+and\s+|\s+")
_DOMAIN = re.compile(r"(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::\d+)?(?:[/?#]\S*)?\Z")


@dataclass(frozen=True)
class Repair:
    """One value repair mode changed: where, what it was and what it became."""

    field: str
    before: Any
    after: Any


def _countries() -> frozenset[str]:
    schema = load_schema("360-giving-schema.json")
    return frozenset(schema["$defs"]["Location"]["properties"]["countryCode"]["enum"])


_COUNTRIES = _countries()


def _protected(path: tuple[str | int, ...]) -> bool:
    """Whether a value is required (or says who the recipient or funder is)."""
    head = path[0]
    if head in _REQUIRED:
        return True
    return head in _ORGANISATIONS and len(path) >= 3 and path[2] in ("id", "name")


def _address(value: str) -> str | None:
    """The one web address a slip-written field means, or None when it means none for sure."""
    pieces = [p for p in _SEPARATOR.split(value) if p]
    fixed = [p if is_uri(p) else f"https://{p}" for p in pieces if is_uri(p) or _DOMAIN.match(p)]
    # Every piece must be an address: "https://x.org/my page" is not two of them.
    return fixed[0] if fixed and len(fixed) == len(pieces) else None


def _repaired(path: tuple[str | int, ...], value: Any) -> Any:
    if path == ("fromOpenCall",):
        spelt = str(value).strip().casefold() if not isinstance(value, bool) else str(value)
        return _OPEN_CALL.get(spelt.casefold(), value)
    if not isinstance(value, str):
        return value
    text = value.strip()
    key = path[-1]
    if key in _URI_KEYS and not is_uri(text):
        text = _address(text) or text
    if key == "countryCode" and text not in _COUNTRIES and text.upper() in _COUNTRIES:
        text = text.upper()
    return text


def repair_grant(grant: dict[str, Any]) -> tuple[dict[str, Any], list[Repair]]:
    """The grant with its slips repaired (a new object; the input is not changed), and each
    repair made."""
    repairs: list[Repair] = []

    def walk(node: Any, path: tuple[str | int, ...]) -> Any:
        if isinstance(node, dict):
            return {k: walk(v, (*path, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, (*path, i)) for i, v in enumerate(node)]
        if _protected(path):
            return node
        after = _repaired(path, node)
        if after != node or type(after) is not type(node):
            repairs.append(Repair(".".join(str(p) for p in path), node, after))
        return after

    repaired: dict[str, Any] = walk(grant, ())
    return repaired, repairs
