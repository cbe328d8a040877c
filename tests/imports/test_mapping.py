from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.imports.mapping import borough_code, map_grant, to_pence
from app.imports.validation import GrantValidator
from tests.imports.conftest import grant

BOROUGHS = frozenset({"E09000001", "E09000012"})


@given(st.integers(min_value=0, max_value=10**13))
def test_amounts_convert_to_pence_exactly(pence: int) -> None:
    pounds = Decimal(pence) / 100
    assert to_pence(float(str(pounds))) == pence
    assert to_pence(pounds) == pence


def test_a_borough_is_found_by_lonb_type_by_e09_code_or_in_a_swapped_field() -> None:
    assert borough_code({"geoCode": "E09000012", "geoCodeType": "LONB"}) == "E09000012"
    assert borough_code({"geoCode": "E09000012"}) == "E09000012"
    assert borough_code({"geoCode": "LON", "geoCodeType": "E09000022"}) == "E09000022"
    assert borough_code({"geoCode": "E08000025", "geoCodeType": "MD"}) is None


def test_other_locations_are_kept_as_text_and_unknown_boroughs_are_not_linked() -> None:
    record = map_grant(
        grant(
            beneficiaryLocation=[
                {"name": "Hackney", "geoCode": "E09000012", "geoCodeType": "LONB"},
                {"name": "Birmingham", "geoCode": "E08000025", "geoCodeType": "MD"},
                {"name": "Nowhere", "geoCode": "E09999999", "geoCodeType": "LONB"},
            ]
        ),
        known_boroughs=BOROUGHS,
    )
    assert record.borough_codes == ("E09000012",)
    assert record.locations == "Birmingham E08000025; Nowhere E09999999"


def test_reversed_planned_dates_are_left_empty_with_a_warning() -> None:
    g = grant(plannedDates=[{"startDate": "2024-05-01", "endDate": "2024-01-01"}])
    record = map_grant(g, known_boroughs=BOROUGHS)
    assert record.planned_start is None and record.planned_end is None
    assert record.warnings[0].field == "plannedDates.0.endDate"
    assert record.raw["plannedDates"] == g["plannedDates"]


def test_a_malformed_recipient_id_falls_back_to_its_charity_number() -> None:
    org = {"id": "GB-COH-", "name": "Kiln Theatre", "charityNumber": "0276892"}
    record = map_grant(grant(recipientOrganization=[org]), known_boroughs=BOROUGHS)
    assert record.recipient.org_id == "GB-CHC-276892"
    assert "charityNumber" in record.warnings[0].reason


def test_the_compiled_and_the_precise_validator_agree_on_valid_grants() -> None:
    validator = GrantValidator()
    assert validator.problems(grant(awardDate="2024-04-01T10:00:00Z")) == []
    assert validator.problems(grant(awardDate="2024-04-01T10:00")) == []
    assert [p.field for p in validator.problems(grant(awardDate="1 April 2024"))] == ["awardDate"]


def test_more_than_two_decimals_in_an_amount_is_refused() -> None:
    problems = GrantValidator().problems(grant(amountAwarded=10.005))
    assert [p.field for p in problems] == ["amountAwarded"]
