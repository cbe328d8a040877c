from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards.aggregate_models import AggregatedAward, AwardCell
from app.awards.aggregates import rebuild, refresh_awards
from app.awards.models import Award, AwardBorough


def _cells(session: Session) -> set[tuple[str, str, str, int, int, int]]:
    return {
        (c.dims, c.key_a, c.key_b, c.month, c.amount_pence, c.award_count)
        for c in session.scalars(select(AwardCell))
    }


def test_cells_after_changes_and_a_deletion_equal_a_full_rebuild(session: Session) -> None:
    awards = list(session.scalars(select(Award).order_by(Award.pk)))
    changed, deleted = awards[0], awards[1]
    changed.amount_pence += 12345
    changed.award_date = dt.date(2021, 7, 4)
    changed.boroughs = [AwardBorough(gss_code=c) for c in ("E09000005", "E09000006")]
    changed.set_slugs("activity", ["mentoring", "sport", "arts"])
    deleted_pk = deleted.pk
    session.delete(deleted)
    session.flush()

    refresh_awards(session, [changed.pk, deleted_pk])
    incremental = _cells(session)
    rebuild(session)
    assert incremental == _cells(session)
    assert session.get(AggregatedAward, deleted_pk) is None


def test_refreshing_twice_changes_nothing(session: Session) -> None:
    pks = list(session.scalars(select(Award.pk)))
    before = _cells(session)
    refresh_awards(session, pks)
    refresh_awards(session, pks)
    assert _cells(session) == before
    assert before
