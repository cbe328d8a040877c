"""Checks one grant against the 360Giving schema and Signpost's own rules.

The standard's JSON Schema (app/imports/schema/) is the source of truth. Each grant first goes
through a validator compiled from it (app/imports/compiled.py, fast); only a grant that fails
is run through jsonschema, which names each field and reason. Both read the same schema with the
same pattern anchoring and the same format checks (app/imports/formats.py), so they accept
exactly the same grants. Every problem of a grant is reported at once.
"""

from __future__ import annotations

from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from app.imports.compiled import anchored, compiled_validator
from app.imports.formats import FORMAT_REASONS, format_checker, parse_date
from app.imports.problems import Problem
from app.imports.rules import own_problems
from app.imports.standard import SCHEMA_DIR, known_currencies, load_schema

__all__ = ["SCHEMA_DIR", "GrantValidator", "Problem", "package_validator", "parse_date"]


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
    return Draft202012Validator(package, registry=registry, format_checker=format_checker())


def _path(parts: Any) -> str:
    return ".".join(str(p) for p in parts)


class GrantValidator:
    """Validates grants one by one; build it once per import."""

    def __init__(self) -> None:
        schema = load_schema("360-giving-schema.json")
        self._fast = compiled_validator(schema)
        self._precise = Draft202012Validator(anchored(schema), format_checker=format_checker())
        self._currencies = known_currencies()

    def accepts(self, grant: Any) -> bool:
        """Whether the schema alone accepts the grant (the compiled validator's verdict)."""
        try:
            self._fast(grant)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    def problems(self, grant: Any) -> list[Problem]:
        """Everything wrong with one grant; an empty list means it may be imported."""
        if not isinstance(grant, dict):
            return [Problem("", "a grant must be a JSON object")]
        problems = [] if self.accepts(grant) else self._schema_problems(grant)
        # Our own checks add only what the schema did not already say about a field.
        named = {p.field for p in problems}
        problems.extend(p for p in own_problems(grant, self._currencies) if p.field not in named)
        return problems

    def _schema_problems(self, grant: dict[str, Any]) -> list[Problem]:
        found: list[Problem] = []
        for error in self._precise.iter_errors(grant):
            if error.validator == "oneOf" and not error.absolute_path:
                found.extend(_branch_problems(grant, error))
            else:
                found.append(_problem(error))
        # Both validators read one schema with the same formats (tests hold them equal); were
        # they ever to disagree, the grant is still refused.
        return found or [Problem("", "does not match the 360Giving schema")]


def _problem(error: ValidationError) -> Problem:
    field = _path(error.absolute_path)
    if error.validator == "required":
        # jsonschema reports each missing property as its own error, naming it in the message.
        missing = error.message.removesuffix(" is a required property").strip("'")
        return Problem(_path([*error.absolute_path, missing]), "is required")
    if error.validator == "enum":
        return Problem(field, f"{error.instance!r} is not in the codelist")
    if error.validator == "format":
        return Problem(field, f"{error.instance!r} {FORMAT_REASONS[str(error.validator_value)]}")
    branches = error.validator_value if error.validator == "oneOf" else None
    if isinstance(branches, list) and all("pattern" in b or "format" in b for b in branches):
        # The standard's date fields: a date, or a date-time (or, for planned dates, a year or
        # a month).
        return Problem(field, f"{error.instance!r} is not a date (YYYY-MM-DD) or a date-time")
    return Problem(field, error.message)


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
    if not problems:
        return [Problem("", error.message)]
    if branch == 0:
        problems = [
            Problem(p.field, "is required (or recipientIndividual, for a grant to a person)")
            if p.field == "recipientOrganization"
            else p
            for p in problems
        ]
    return problems
