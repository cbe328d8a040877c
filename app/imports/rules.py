"""Signpost's own rules for a grant, beyond the standard's schema: what the awards table can
store (exact pence, a known currency, real dates inside the calendar window, text that
PostgreSQL can hold). Pure: no database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from app.core.dates import EARLIEST_DATE, LATEST_DATE, date_in_range
from app.imports.formats import parse_date
from app.imports.problems import Problem
from app.imports.standard import codelist

_PENNY = Decimal("0.01")
# C0 control characters and DEL; tab, newline and carriage return are ordinary text. PostgreSQL
# cannot store NUL in text at all, and the others are never meant in a grant.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _strings(node: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every (path, text) in a grant: its string values and its keys."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            inner = f"{path}.{key}" if path else str(key)
            yield inner, str(key)
            yield from _strings(value, inner)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{path}.{i}" if path else str(i))


def control_character_problems(grant: Any) -> list[Problem]:
    """A problem for each field whose text (or key) holds a control character."""
    problems: dict[str, Problem] = {}
    for path, text in _strings(grant, ""):
        found = _CONTROL.search(text)
        if found and path not in problems:
            code = f"U+{ord(found.group()):04X}"
            problems[path] = Problem(path, f"contains the control character {code}")
    return list(problems.values())


def _date_problem(field: str, value: Any) -> Problem | None:
    date = parse_date(value)
    if date is None:
        return Problem(field, f"{value!r} is not a date")
    if not date_in_range(date):
        window = f"{EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"
        return Problem(
            field, f"{date.isoformat()} is outside the dates Signpost accepts ({window})"
        )
    return None


def _individual_code_problems(grant: dict[str, Any]) -> list[Problem]:
    """Codes of a grant to an individual outside the standard's closed codelists."""
    details = grant.get("toIndividualsDetails")
    if not isinstance(details, dict):
        return []
    reasons, purposes = (
        codelist("grantToIndividualsReason.csv"),
        codelist("grantToIndividualsPurpose.csv"),
    )
    coded: list[tuple[str, Any, frozenset[str]]] = [
        (f"toIndividualsDetails.{k}", details[k], reasons)
        for k in ("primaryGrantReason", "secondaryGrantReason")
        if k in details
    ]
    purpose = details.get("grantPurpose")
    coded += [
        (f"toIndividualsDetails.grantPurpose.{i}", code, purposes)
        for i, code in enumerate(purpose if isinstance(purpose, list) else [])
    ]
    return [
        Problem(field, f"{code!r} is not in the codelist")
        for field, code, known in coded
        if isinstance(code, str) and code not in known
    ]


def own_problems(grant: dict[str, Any], currencies: frozenset[str]) -> list[Problem]:
    """What Signpost refuses in a grant that the schema alone would let through."""
    problems = control_character_problems(grant) + _individual_code_problems(grant)
    amount = grant.get("amountAwarded")
    if isinstance(amount, (int, float, Decimal)) and not isinstance(amount, bool):
        if amount < 0:
            problems.append(Problem("amountAwarded", f"{amount} is negative"))
        elif (exact := Decimal(str(amount))) != exact.quantize(_PENNY):
            problems.append(Problem("amountAwarded", f"{amount} has more than 2 decimals"))
    currency = grant.get("currency")
    if isinstance(currency, str) and currency not in currencies:
        problems.append(Problem("currency", f"{currency!r} is not an ISO 4217 currency code"))
    dated: list[tuple[str, Any]] = []
    if "awardDate" in grant:
        dated.append(("awardDate", grant["awardDate"]))
    planned = grant.get("plannedDates")
    for i, event in enumerate(planned if isinstance(planned, list) else []):
        if isinstance(event, dict):
            dated += [
                (f"plannedDates.{i}.{k}", event[k]) for k in ("startDate", "endDate") if k in event
            ]
    problems += [p for field, value in dated if (p := _date_problem(field, value))]
    return problems
