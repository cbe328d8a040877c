"""An organisation's funding totals: one pass over its awards, rolled up per funder and year."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards.recipients import upsert_organisation
from app.core.clock import utcnow
from app.funders.models import Funder
from app.organisations.service import funding_totals
from tests.factories import add_award


def test_totals_per_funder_and_year_count_live_awards_once_each(session: Session) -> None:
    organisation = upsert_organisation(
        session=session, org_id="GB-CHC-1999999", name="Totals Test Youth Club"
    )
    big, small = session.scalars(select(Funder).order_by(Funder.pk).limit(2)).all()
    made = [
        (big, dt.date(2019, 5, 1), 300_000, None),
        (big, dt.date(2020, 5, 1), 200_000, None),
        (small, dt.date(2019, 6, 1), 100_000, None),
        (small, None, 50_000, None),
        (small, dt.date(2019, 7, 1), 999_999, utcnow()),  # deleted: not counted
    ]
    for n, (funder, awarded, pence, deleted) in enumerate(made):
        add_award(
            session,
            f"360G-totals-test-{n}",
            recipient=(organisation.org_id, organisation.name),
            funder=funder,
            title="Youth club",
            amount_pence=pence,
            award_date=awarded,
            deleted_at=deleted,
        )

    totals = funding_totals(session=session, organisation=organisation)

    assert totals.award_count == 4
    assert [(f.pk, c, n, p) for f, c, n, p in totals.by_funder] == [
        (big.pk, "GBP", 2, 500_000),
        (small.pk, "GBP", 2, 150_000),
    ]
    assert totals.by_year == [
        (2019, "GBP", 2, 400_000),
        (2020, "GBP", 1, 200_000),
        (None, "GBP", 1, 50_000),
    ]
