from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.imports.pkset import PkSet


@given(st.sets(st.integers(0, 5000)), st.lists(st.integers(-5, 6000)))
def test_a_pk_set_holds_exactly_the_pks_added(added: set[int], probes: list[int]) -> None:
    pks = PkSet()
    pks.update(sorted(added))
    assert all((p in pks) == (p in added) for p in [*probes, *added])
