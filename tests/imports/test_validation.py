"""The compiled validator runs on a rewritten schema (for speed): it must accept and refuse
exactly what the standard's schema does."""

from __future__ import annotations

import json
from typing import Any

import fastjsonschema
import pytest
from jsonschema import Draft202012Validator

from app.imports.validation import GrantValidator, _compilable, _format_checker, load_schema
from tests.imports.conftest import COVID, grant

SCHEMA = load_schema("360-giving-schema.json")
PUBLISHED = fastjsonschema.compile(SCHEMA, formats=_compilable(SCHEMA)[1])
PRECISE = Draft202012Validator(SCHEMA, format_checker=_format_checker())

DATES = [
    "2024-04-01",
    "2024-04",
    "2024",
    "2024-13",
    "2024-04-31",
    "2024-4-1",
    "2024-04-01T10:00:00Z",
    "2024-04-01T10:00:00+01:00",
    "2024-04-01 10:00",
    "1 April 2024",
    "",
    20240401,
    None,
]
LOCATION = {"name": "Hackney", "geoCode": "E09000012", "geoCodeType": "LONB"}
CASES: list[dict[str, Any]] = [
    *(grant(awardDate=d) if d is not None else grant(awardDate=None) for d in DATES),
    *(grant(plannedDates=[{"startDate": d, "endDate": "2025-01-01"}]) for d in DATES),
    *(grant(plannedDates=[{"startDate": "2024-01-01", "endDate": d}]) for d in DATES),
    *(grant(actualDates=[{"startDate": d}]) for d in DATES),
    *(
        grant(disbursementTransaction=[{"id": "t", "amount": 5, "transactionDate": d}])
        for d in DATES
    ),
    *(grant(currency=c) for c in ("GBP", "EUR", "XXX", "gbp", "", 826)),
    *(grant(fromOpenCall=v) for v in ("Yes", "No", "yes", True)),
    *(
        grant(beneficiaryLocation=[LOCATION | {"countryCode": c}])
        for c in ("GB", "gb", "ZZ", None, 44)
    ),
    *(
        grant(disbursementTransaction=[{"id": "t", "amount": 5, "currency": c}])
        for c in ("GBP", "XXX", None)
    ),
    grant(recipientOrganization=[{"id": "GB-CHC-1"}]),
    grant(recipientOrganization=None, recipientIndividual={"id": "p1", "name": "Someone"}),
    grant(recipientIndividual={"id": "p1", "name": "Someone"}),
    grant(fundingOrganization=[{"id": 5, "name": "Funder"}]),
    grant(beneficiaryLocation=["Hackney"]),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: json.dumps(c, sort_keys=True)[-90:])
def test_the_compiled_validator_accepts_what_the_schema_accepts(case: dict[str, Any]) -> None:
    compiled = GrantValidator()._fast
    verdicts = []
    for check in (compiled, PUBLISHED):
        try:
            check(case)
            verdicts.append(True)
        except fastjsonschema.JsonSchemaException:
            verdicts.append(False)
    verdicts.append(PRECISE.is_valid(case))
    assert len(set(verdicts)) == 1, verdicts


def test_the_compiled_validator_accepts_every_grant_of_a_real_file() -> None:
    compiled = GrantValidator()._fast
    for case in json.loads(COVID.read_text(encoding="utf-8"))["grants"]:
        compiled(case)
