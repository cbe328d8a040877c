from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from app.core.errors import InvalidInput
from app.core.identifiers import (
    InvalidOrgId,
    OrgId,
    checked_org_id,
    is_registered,
    normalise_org_id,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("GB-CHC-1035628", "GB-CHC-1035628"),
        ("gb-chc-01035628", "GB-CHC-1035628"),
        (" GB-CHC- 1035628 ", "GB-CHC-1035628"),
        ("GB-COH-1234567", "GB-COH-01234567"),
        ("gb-coh-123", "GB-COH-00000123"),
        ("GB-COH-sc12345", "GB-COH-SC012345"),
        ("GB-COH-SC012345", "GB-COH-SC012345"),
        ("gb-lae-gla", "GB-LAE-GLA"),
        ("360g-CR-4915820", "360G-CR-4915820"),
        ("360G-signpost-croydon-bme-forum", "360G-signpost-croydon-bme-forum"),
        ("XI-ROR-03yrm5c26", "XI-ROR-03yrm5c26"),
    ],
)
def test_org_ids_are_normalised(raw: str, expected: str) -> None:
    assert normalise_org_id(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "1035628", "GB-CHC", "charity 123"])
def test_text_that_is_not_an_org_id_is_rejected(raw: str) -> None:
    with pytest.raises(InvalidOrgId):
        normalise_org_id(raw)


def test_funder_made_ids_are_not_registered() -> None:
    assert not is_registered("360G-CR-1")
    assert is_registered("GB-CHC-1")


org_ids = st.builds(
    lambda scheme, number, spaces: f"{spaces}{scheme}-{number}{spaces}",
    st.sampled_from(["GB-CHC", "gb-chc", "GB-COH", "gb-coh", "GB-LAE", "XI-ROR", "360G-XYZ"]),
    st.from_regex(r"[0-9A-Za-z]{1,9}", fullmatch=True),
    st.sampled_from(["", " ", "\t"]),
)


@given(org_ids)
def test_normalising_twice_changes_nothing(raw: str) -> None:
    once = normalise_org_id(raw)
    assert normalise_org_id(once) == once


@given(org_ids)
def test_normalised_ids_have_no_spaces_and_an_upper_case_scheme(raw: str) -> None:
    normalised = normalise_org_id(raw)
    assert not any(c.isspace() for c in normalised)
    scheme = "-".join(normalised.split("-")[:2])
    if not normalised.startswith("360G-"):
        assert scheme == scheme.upper()


class _Body(BaseModel):
    org_id: OrgId | None = None


def test_an_org_id_field_is_normalised_as_it_is_parsed() -> None:
    assert _Body(org_id=" gb-chc-01035628 ").org_id == "GB-CHC-1035628"
    assert _Body(org_id="").org_id == ""  # empty means none where a schema allows it


def test_an_org_id_field_that_is_none_is_a_validation_error_with_the_reason() -> None:
    with pytest.raises(ValidationError) as caught:
        _Body(org_id="not an org id")
    (error,) = caught.value.errors()
    assert error["loc"] == ("org_id",)
    assert "is not an org-id" in error["msg"]


def test_a_checked_org_id_is_a_422_naming_the_field() -> None:
    assert checked_org_id("gb-coh-123", loc=["query", "recipient"]) == "GB-COH-00000123"
    with pytest.raises(InvalidInput) as caught:
        checked_org_id("nonsense", loc=["query", "recipient"])
    assert caught.value.errors == [{"loc": ["query", "recipient"], "msg": str(caught.value)}]
