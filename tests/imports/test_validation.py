"""The compiled validator runs on a rewritten schema (for speed): it must accept and refuse
exactly what the standard's schema does, read by jsonschema with the same formats."""

from __future__ import annotations

import json
from typing import Any

import fastjsonschema
import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator

from app.imports.compiled import _compilable, anchored
from app.imports.formats import format_checker
from app.imports.standard import load_schema
from app.imports.validation import GrantValidator
from tests.imports.conftest import COVID, grant
from tests.imports.strategies import edge_grants

SCHEMA = load_schema("360-giving-schema.json")
PUBLISHED = fastjsonschema.compile(SCHEMA, formats=_compilable(SCHEMA)[1])
PRECISE = Draft202012Validator(anchored(SCHEMA), format_checker=format_checker())

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


@settings(max_examples=400, deadline=None)
@given(edge_grants())
def test_both_validators_accept_exactly_the_same_generated_grants(case: dict[str, Any]) -> None:
    validator = GrantValidator()
    assert validator.accepts(case) == PRECISE.is_valid(case)


@settings(max_examples=200, deadline=None)
@given(edge_grants())
def test_every_problem_of_a_refused_grant_names_its_field_and_reason(case: dict[str, Any]) -> None:
    problems = GrantValidator().problems(case)
    assert all(p.field and p.reason for p in problems), problems


def test_a_recipient_url_without_a_scheme_is_refused_naming_the_field() -> None:
    case = grant(recipientOrganization=[{"id": "GB-CHC-1", "name": "X", "url": "www.x.org.uk"}])
    [problem] = GrantValidator().problems(case)
    assert problem.field == "recipientOrganization.0.url"
    assert "scheme" in problem.reason


def test_a_grant_report_lists_all_its_problems_at_once() -> None:
    case = grant(
        url="www.x.org",
        fromOpenCall="Y",
        currency="ZZZ",
        amountAwarded=-1,
        title=None,
        plannedDates=[{"startDate": "2024-01-01", "endDate": "9999-12-31"}],
    )
    fields = {p.field for p in GrantValidator().problems(case)}
    assert fields == {
        "url",
        "fromOpenCall",
        "currency",
        "amountAwarded",
        "title",
        "plannedDates.0.endDate",
    }


def test_tabs_and_newlines_are_ordinary_text_but_other_control_characters_are_refused() -> None:
    validator = GrantValidator()
    assert validator.problems(grant(description="Line one\nLine two\twith a tab\r\n")) == []
    problems = validator.problems(grant(description="bell\x07", beneficiaryLocation=None))
    assert [(p.field, p.reason) for p in problems] == [
        ("description", "contains the control character U+0007")
    ]
