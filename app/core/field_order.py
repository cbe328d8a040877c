"""Checks on a record as a whole (after a PATCH is merged in), as plain functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.core.errors import InvalidInput


def order_errors(
    values: Mapping[str, Any], pairs: Iterable[tuple[str, str]]
) -> list[dict[str, Any]]:
    """An error naming the second field of each pair whose value is below the first's.

    Field names may be dotted (`eligibility.income_max`) to reach into nested dicts.
    """
    errors: list[dict[str, Any]] = []
    for low_name, high_name in pairs:
        low, high = _get(values, low_name), _get(values, high_name)
        if low is not None and high is not None and low > high:
            errors.append(
                {
                    "loc": ["body", *high_name.split(".")],
                    "msg": f"{high_name} ({high}) must not be before or below {low_name} ({low}).",
                }
            )
    return errors


def check_order(values: Mapping[str, Any], pairs: Iterable[tuple[str, str]]) -> None:
    errors = order_errors(values, pairs)
    if errors:
        raise InvalidInput("; ".join(e["msg"] for e in errors), errors=errors)


def _get(values: Mapping[str, Any], dotted: str) -> Any:
    current: Any = values
    for part in dotted.split("."):
        if not isinstance(current, Mapping):
            return None
        current = current.get(part)
    return current
