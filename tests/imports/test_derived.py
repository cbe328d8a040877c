"""What an import derives from the awards it writes: aggregates, the overlap check's place index,
the full-text index and the change log, all equal to what the other write paths would give."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards.aggregate_models import AggregatedAward, AwardCell, AwardPlace
from app.awards.aggregates import rebuild
from app.awards.models import Award
from app.awards.search_index import candidate_awards
from app.changes.models import Change
from app.imports.reader import iter_file
from app.imports.service import import_grants
from tests.imports.conftest import LONDON, grant


def _derived(session: Session) -> tuple[set[Any], set[Any], set[Any]]:
    cells = {
        (c.dims, c.key_a, c.key_b, c.month, c.amount_pence, c.award_count)
        for c in session.scalars(select(AwardCell))
    }
    snapshots = {
        (
            a.award_pk,
            a.award_date,
            a.currency,
            a.funder,
            a.amount_pence,
            a.boroughs,
            a.activities,
            a.violence_types,
        )
        for a in session.scalars(select(AggregatedAward))
    }
    places = {
        (p.award_pk, p.gss_code, p.activity, p.beneficiary_group, p.starts, p.ends)
        for p in session.scalars(select(AwardPlace))
    }
    return cells, snapshots, places


def _seeded_award_with_places(session: Session) -> Award:
    award = session.scalars(
        select(Award).where(Award.pk.in_(select(AwardPlace.award_pk))).order_by(Award.pk)
    ).first()
    assert award is not None
    return award


def test_aggregates_after_imports_that_create_and_update_equal_a_full_rebuild(
    session: Session, write_package: Any
) -> None:
    seeded = _seeded_award_with_places(session)
    dated = {"plannedDates": [{"startDate": "2024-05-01", "endDate": "2025-04-30"}]}
    first = [
        grant(1, **dated),
        grant(2, currency="EUR"),
        grant(3),
        grant(4, beneficiaryLocation=None),
    ]
    assert import_grants(
        session=session, grants=iter_file(write_package(first)), file_name="a.json"
    ).imported
    moved = [{"name": "Camden", "geoCode": "E09000007", "geoCodeType": "LONB"}]
    second = [
        grant(1, amountAwarded=7777.77, beneficiaryLocation=moved, **dated),
        grant(2, currency="GBP"),
        grant(3, awardDate="2019-12-31"),
        grant(5, **dated),
        # A seeded award with activities and beneficiary groups, now in two boroughs.
        grant(
            6,
            id=seeded.identifier,
            awardDate="2023-06-15",
            beneficiaryLocation=[
                *moved,
                {"name": "Hackney", "geoCode": "E09000012", "geoCodeType": "LONB"},
            ],
            **dated,
        ),
    ]
    report = import_grants(
        session=session, grants=iter_file(write_package(second)), file_name="b.json"
    )
    assert report.imported and (report.created, report.updated) == (1, 4)

    incremental = _derived(session)
    rebuild(session)
    assert incremental == _derived(session)


def test_imported_awards_are_found_by_the_full_text_search(
    session: Session, write_package: Any
) -> None:
    path = write_package([grant(1, description="Zyxquokka boxing sessions after school")])
    import_grants(session=session, grants=iter_file(path), file_name=path.name)
    award = session.scalar(select(Award).where(Award.identifier == "360G-test-1"))
    assert award is not None
    assert candidate_awards(session, "zyxquokka") == [award.pk]


def test_the_change_log_records_each_created_award_in_api_units(session: Session) -> None:
    report = import_grants(session=session, grants=iter_file(LONDON), file_name=LONDON.name)
    entries = session.scalars(
        select(Change).where(Change.actor == "import", Change.action == "create")
    ).all()
    assert len(entries) == report.created
    award = session.scalar(select(Award).where(Award.identifier == entries[0].resource_id))
    assert award is not None
    after = {name: change["after"] for name, change in entries[0].changes.items()}
    assert all(change["before"] is None for change in entries[0].changes.values())
    assert after["title"] == award.title
    assert after["amount"] * 100 == award.amount_pence
    assert after["recipient"] == award.recipient.org_id
    assert after["boroughs"] == award.borough_codes()
