"""The standard's schema rewritten, meaning the same, for the compiled validator.

jsonschema explains a failure precisely but costs ~250 µs a grant, too slow for a million; so each
grant first goes through a validator compiled from the same schema by fastjsonschema (~10-40 µs),
and only a grant that fails it is run through jsonschema (app/imports/validation.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import fastjsonschema

from app.imports.formats import FORMATS

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
    formats: dict[str, Callable[[Any], bool]] = dict(FORMATS)

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


def anchored(node: Any) -> Any:
    """The schema with each pattern's `$` anchored at the very end of the string, as the
    compiled validator reads it: Python's `$` also matches before a final newline, which would
    let jsonschema accept `"2024-04-01\\n"` where fastjsonschema refuses it."""
    if isinstance(node, list):
        return [anchored(n) for n in node]
    if not isinstance(node, dict):
        return node
    return {
        k: _DOLLAR.sub(r"\\Z", v) if k == "pattern" and isinstance(v, str) else anchored(v)
        for k, v in node.items()
    }


def compiled_validator(schema: dict[str, Any]) -> Callable[[Any], Any]:
    """fastjsonschema's validator of `schema`, checking formats with app.imports.formats."""
    fast, formats = _compilable(schema)
    validate: Callable[[Any], Any] = fastjsonschema.compile(fast, formats=formats)
    return validate
