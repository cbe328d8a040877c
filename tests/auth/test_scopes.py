from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.auth.scopes import Principal, can_write_award, can_write_funder, can_write_stream

ADMIN = Principal(1, "a", "admin")
FUNDER = Principal(2, "f", "funder", funders=frozenset({"mopac"}))
COMMISSIONER = Principal(3, "c", "commissioner", boroughs=frozenset({"E09000008", "E09000022"}))
codes = st.sets(st.sampled_from(["E09000008", "E09000022", "E09000016"]))


def test_a_commissioner_writes_only_awards_wholly_in_its_boroughs() -> None:
    allowed = lambda b: can_write_award(COMMISSIONER, action="update", funder="x", boroughs=b)  # noqa: E731
    assert allowed(["E09000008"]) and allowed(["E09000008", "E09000022"])
    assert not allowed(["E09000008", "E09000016"])
    assert not allowed([])


@given(codes)
def test_commissioner_scope_is_the_subset_rule(boroughs: set[str]) -> None:
    expected = bool(boroughs) and boroughs <= COMMISSIONER.boroughs
    assert can_write_award(COMMISSIONER, action="delete", funder="x", boroughs=boroughs) == expected


def test_a_funder_key_writes_only_its_funders_and_never_restores() -> None:
    assert can_write_stream(FUNDER, action="update", funder="mopac")
    assert not can_write_stream(FUNDER, action="update", funder="gla")
    assert not can_write_stream(FUNDER, action="restore", funder="mopac")
    assert can_write_award(FUNDER, action="create", funder="mopac", boroughs=[])
    assert can_write_funder(FUNDER, action="update", funder="mopac")
    assert not can_write_funder(FUNDER, action="create", funder="mopac")
    assert not can_write_stream(COMMISSIONER, action="create", funder="mopac")


@given(st.sampled_from(["create", "update", "delete", "restore"]), codes)
def test_admin_may_do_everything(action: str, boroughs: set[str]) -> None:
    assert can_write_award(ADMIN, action=action, funder="x", boroughs=boroughs)  # type: ignore[arg-type]
    assert can_write_stream(ADMIN, action=action, funder="x")  # type: ignore[arg-type]
