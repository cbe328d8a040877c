"""The 360Giving standard's own files, shipped in app/imports/schema/ (see SOURCE.md there)."""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_DIR = resources.files("app.imports") / "schema"


def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return schema


@cache
def codelist(name: str) -> frozenset[str]:
    """The codes of one of the standard's closed codelists (`currency.csv` …)."""
    with (SCHEMA_DIR / name).open(encoding="utf-8") as rows:
        return frozenset(row["Code"] for row in csv.DictReader(rows))


def known_currencies() -> frozenset[str]:
    """The closed ISO 4217 codelist."""
    return codelist("currency.csv")
