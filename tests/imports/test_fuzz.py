"""Property-based fuzzing of the 360Giving importer: random and mutated grants always give a
report, never an exception, and a refused import writes nothing at all."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.awards.models import Award, AwardBorough, AwardTerm
from app.changes.models import Change
from app.funders.models import Funder
from app.imports.service import import_grants
from app.organisations.models import Organisation
from tests.imports.conftest import grant
from tests.imports.strategies import EDGE_STRINGS, edge_grants

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(EDGE_STRINGS),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
KEYS = [*grant(1).keys(), "recipientIndividual", "toIndividualsDetails", "classifications"]


@st.composite
def mutated_grants(draw: st.DrawFn) -> Any:
    """A valid grant with a few fields removed, replaced by any JSON, or nested wrongly."""
    base: dict[str, Any] = grant(draw(st.integers(1, 50)))
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(KEYS))
        action = draw(st.sampled_from(["drop", "replace", "wrap"]))
        if action == "drop":
            base.pop(key, None)
        elif action == "replace":
            base[key] = draw(json_values)
        else:
            base[key] = [base.get(key), draw(json_values)]
    return base


any_grant = st.one_of(mutated_grants(), edge_grants(), json_values, st.just(grant(7)))


def _counts(session: Session) -> tuple[int, ...]:
    tables = (Award, AwardBorough, AwardTerm, Organisation, Funder, Change)
    return tuple(session.scalar(select(func.count()).select_from(t)) or 0 for t in tables)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(grants=st.lists(any_grant, min_size=1, max_size=5), repair=st.booleans())
def test_any_grants_give_a_report_and_a_refused_import_writes_nothing(
    session: Session, grants: list[Any], repair: bool
) -> None:
    savepoint = session.begin_nested()
    try:
        before = _counts(session)
        report = import_grants(
            session=session,
            grants=list(enumerate(grants, start=1)),
            file_name="fuzz.json",
            repair=repair,
        )
        assert report.rows_read == len(grants)
        if report.imported:
            assert report.created + report.updated + report.unchanged == len(grants)
            assert report.rejected == 0
        else:
            assert report.rejected > 0 and report.rejections
            assert all(p.reason for p in report.rejections)
            assert _counts(session) == before
    finally:
        savepoint.rollback()
