"""Checks one grant against the 360Giving schema and Signpost's own rules.

The standard's JSON Schema (app/imports/schema/) is the source of truth. jsonschema explains a
failure precisely but costs ~250 µs a grant, too slow for a million; so each grant first goes
through a validator compiled from the same schema by fastjsonschema (~10-40 µs), and only a grant
that fails it is run through jsonschema to name the field and the reason. Both are built once.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from app.core.clock import is_date_time, parse_date

_PENNY = Decimal("0.01")
_REQUIRED = re.compile(r"^'(.+)' is a required property$")
SCHEMA_DIR = resources.files("app.imports") / "schema"


@dataclass(frozen=True)
class Problem:
    """Why a grant was rejected: `field` is a dotted path into the grant (`amountAwarded`,
    `recipientOrganization.0.id`), empty when the grant as a whole is wrong."""

    field: str
    reason: str


def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return schema


@cache
def known_currencies() -> frozenset[str]:
    with (SCHEMA_DIR / "currency.csv").open(encoding="utf-8") as rows:
        return frozenset(row["Code"] for row in csv.DictReader(rows))


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checks("date-time")(is_date_time)
    return checker


def package_validator() -> Draft202012Validator:
    """A validator for a whole package, resolving its reference to the grant schema locally."""
    grant = load_schema("360-giving-schema.json")
    package = load_schema("360-giving-package-schema.json")
    # The schemas spell their dialect `http://…/draft/2020-12/schema`, which `referencing`
    # does not recognise by itself; they are 2020-12, so say so.
    resource: Resource[Any] = DRAFT202012.create_resource(grant)
    registry: Registry[Any] = Registry().with_resources(
        [(grant["$id"], resource), (package["properties"]["grants"]["items"]["$ref"], resource)]
    )
    return Draft202012Validator(
        package,
        registry=registry,
        format_checker=_format_checker(),
    )


# fastjsonschema anchors a pattern's `$` at the very end of the string; so do the formats below.
_DOLLAR = re.compile(r"(?<!\\)\$")


def _matches_one(branches: list[Callable[[str], object]]) -> Callable[[Any], bool]:
    return lambda value: sum(1 for matches in branches if matches(value)) == 1


def _compilable(schema: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Callable[[Any], bool]]]:
    """The schema rewritten, meaning the same, into one the compiled validator checks faster,
    with the formats it needs.

    fastjsonschema checks an `enum` as a chain of comparisons (300 for a currency), and builds
    the message of every `oneOf` branch that fails (a date's `date-time` branch, for a plain
    date) with `str.format(**locals())` even when the value is valid: together ~40 % of its
    time. So, on a value of `type: string` (which refuses every other type), a string enum
    becomes a set-membership format and a `oneOf` of formats and patterns a format counting
    the branches that match; and each `$ref` is replaced by the definition it names (the
    schema has no recursion), so that an array item is not handed on with its path formatted.
    """
    defs = schema.get("$defs", {})
    formats: dict[str, Callable[[Any], bool]] = {"date-time": is_date_time}

    def string_check(node: dict[str, Any]) -> Callable[[Any], bool] | None:
        enum, branches = node.get("enum"), node.get("oneOf")
        if isinstance(enum, list) and all(isinstance(v, str) for v in enum):
            return frozenset(enum).__contains__
        if isinstance(branches, list) and all(
            len(b) == 1 and (b.keys() == {"pattern"} or b.get("format") in formats)
            for b in branches
        ):
            return _matches_one(
                [
                    re.compile(_DOLLAR.sub(r"\\Z", b["pattern"])).search
                    if "pattern" in b
                    else formats[b["format"]]
                    for b in branches
                ]
            )
        return None

    def rewrite(node: Any) -> Any:
        if isinstance(node, list):
            return [rewrite(n) for n in node]
        if not isinstance(node, dict):
            return node
        node = {k: rewrite(v) for k, v in node.items() if k != "$defs"}
        ref = node.pop("$ref", None)
        if ref is not None:
            target = rewrite(defs[ref.removeprefix("#/$defs/")])
            node = {**node, "allOf": [*node.get("allOf", []), target]} if node else target
        types = node.get("type", "string")
        check = string_check(node)
        if (
            check is not None
            and "string" in (types if isinstance(types, list) else [types])
            and "format" not in node
        ):
            name = f"signpost-{len(formats)}"
            formats[name] = check
            kept = {k: v for k, v in node.items() if k not in ("enum", "oneOf")}
            node = kept | {"type": "string", "format": name}
        return node

    rewritten: dict[str, Any] = rewrite(schema)
    return rewritten, formats


def _path(parts: Any) -> str:
    return ".".join(str(p) for p in parts)


class GrantValidator:
    """Validates grants one by one; build it once per import."""

    def __init__(self) -> None:
        schema = load_schema("360-giving-schema.json")
        fast, formats = _compilable(schema)
        self._fast = fastjsonschema.compile(fast, formats=formats)
        self._precise = Draft202012Validator(schema, format_checker=_format_checker())
        self._currencies = known_currencies()

    def problems(self, grant: Any) -> list[Problem]:
        """Everything wrong with one grant; an empty list means it may be imported."""
        if not isinstance(grant, dict):
            return [Problem("", "a grant must be a JSON object")]
        problems: list[Problem] = []
        try:
            self._fast(grant)
        except fastjsonschema.JsonSchemaException:
            problems.extend(self._schema_problems(grant))
        # Our own checks add only what the schema did not already say about a field.
        named = {p.field for p in problems}
        problems.extend(p for p in self._own_problems(grant) if p.field not in named)
        return problems

    def _schema_problems(self, grant: dict[str, Any]) -> list[Problem]:
        found = []
        for error in self._precise.iter_errors(grant):
            if error.validator == "oneOf" and not error.absolute_path:
                found.extend(_branch_problems(grant, error))
            else:
                found.append(_problem(error))
        # The compiled validator and jsonschema read the same schema; if they ever disagree the
        # grant is still rejected, with the compiled validator's reason.
        return found or [Problem("", "does not match the 360Giving schema")]

    def _own_problems(self, grant: dict[str, Any]) -> list[Problem]:
        problems = []
        amount = grant.get("amountAwarded")
        if isinstance(amount, (int, float, Decimal)) and not isinstance(amount, bool):
            if amount < 0:
                problems.append(Problem("amountAwarded", f"{amount} is negative"))
            elif (exact := Decimal(str(amount))) != exact.quantize(_PENNY):
                problems.append(Problem("amountAwarded", f"{amount} has more than 2 decimals"))
        currency = grant.get("currency")
        if isinstance(currency, str) and currency not in self._currencies:
            problems.append(Problem("currency", f"{currency!r} is not an ISO 4217 currency code"))
        if "awardDate" in grant and parse_date(grant["awardDate"]) is None:
            problems.append(Problem("awardDate", f"{grant['awardDate']!r} is not a date"))
        for i, event in enumerate(grant.get("plannedDates") or []):
            if not isinstance(event, dict):
                continue
            for key in ("startDate", "endDate"):
                if key in event and parse_date(event[key]) is None:
                    problems.append(
                        Problem(f"plannedDates.{i}.{key}", f"{event[key]!r} is not a date")
                    )
        return problems


def _problem(error: ValidationError) -> Problem:
    # jsonschema reports each missing property as its own error, naming it in the message.
    missing = _REQUIRED.match(error.message) if error.validator == "required" else None
    if missing:
        return Problem(_path([*error.absolute_path, missing.group(1)]), "is required")
    if error.validator == "enum":
        return Problem(_path(error.absolute_path), f"{error.instance!r} is not in the codelist")
    return Problem(_path(error.absolute_path), error.message)


def _branch_problems(grant: dict[str, Any], error: ValidationError) -> list[Problem]:
    """The schema's top level is `oneOf` (to a recipient organisation, or to an individual):
    reports what is wrong against the branch the grant was meant for."""
    if "recipientOrganization" in grant and "recipientIndividual" in grant:
        return [
            Problem(
                "recipientIndividual",
                "a grant has a recipient organisation or a recipient individual, not both",
            )
        ]
    branch = 1 if "recipientIndividual" in grant else 0
    problems = [_problem(e) for e in error.context or () if e.schema_path[0] == branch]
    return problems or [Problem("", error.message)]
