"""The overlap check's candidate searches and its row-based reading of awards."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards import rows
from app.awards.aggregate_models import AwardPlace
from app.awards.aggregates import refresh_awards
from app.awards.models import Award
from app.awards.representation import award_read, row_read
from app.overlap import candidates
from tests.factories import add_award

# Boroughs no seeded award uses, so the searches see only these tests' awards.
HERE, THERE = "E09000031", "E09000032"


def _award(
    session: Session,
    name: str,
    *,
    starts: dt.date | None,
    boroughs: tuple[str, ...] = (HERE,),
    activities: tuple[str, ...] = ("sport",),
    groups: tuple[str, ...] = ("young-people",),
) -> Award:
    award = add_award(
        session,
        f"360G-test-{name}",
        recipient=(f"GB-CHC-900{ord(name[0])}", name),
        title=name,
        amount_pence=100000,
        award_date=starts,
        boroughs=boroughs,
        terms={"activity": activities, "beneficiary_group": groups},
    )
    refresh_awards(session, [award.pk])
    return award


def _area(session: Session, **kwargs: object) -> list[int]:
    arguments: dict[str, object] = {
        "boroughs": [HERE],
        "activities": ["sport"],
        "groups": ["young-people"],
        "start": dt.date(2030, 1, 1),
        "end": dt.date(2030, 12, 31),
    }
    arguments.update(kwargs)
    return candidates.area_awards(session=session, **arguments)  # type: ignore[arg-type]


def test_award_places_have_a_row_per_borough_activity_and_group(session: Session) -> None:
    award = _award(
        session,
        "places",
        starts=dt.date(2030, 3, 1),
        boroughs=(HERE, THERE),
        activities=("sport", "mentoring"),
        groups=("young-people", "parents-and-carers"),
    )
    none = _award(session, "nogroup", starts=dt.date(2030, 3, 1), groups=())

    def places(pk: int) -> set[tuple[str, str, str]]:
        return {
            (p.gss_code, p.activity, p.beneficiary_group)
            for p in session.scalars(select(AwardPlace).where(AwardPlace.award_pk == pk))
        }

    assert len(places(award.pk)) == 8
    assert places(none.pk) == {(HERE, "sport", "")}
    award.set_slugs("beneficiary_group", ["children"])
    session.flush()
    refresh_awards(session, [award.pk])
    assert {g for _, _, g in places(award.pk)} == {"children"}


def test_the_saturation_search_needs_the_borough_activity_group_and_period(
    session: Session,
) -> None:
    found = _award(session, "found", starts=dt.date(2030, 2, 1))
    group = _award(
        session, "othergroup", starts=dt.date(2030, 2, 2), groups=("parents-and-carers",)
    )
    _award(session, "nogroup", starts=dt.date(2030, 2, 1), groups=())
    borough = _award(session, "otherborough", starts=dt.date(2030, 2, 3), boroughs=(THERE,))
    _award(session, "before", starts=dt.date(2028, 1, 1))
    _award(session, "after", starts=dt.date(2031, 6, 1))
    _award(session, "undated", starts=None)
    assert _area(session) == [found.pk]
    wider = _area(session, groups=["young-people", "parents-and-carers"], boroughs=[HERE, THERE])
    assert wider == [borough.pk, group.pk, found.pk]


@pytest.mark.parametrize("many_ranges", [False, True])
def test_the_saturation_search_keeps_the_newest_over_all_ranges(
    session: Session, monkeypatch: pytest.MonkeyPatch, many_ranges: bool
) -> None:
    monkeypatch.setattr(candidates, "PER_KIND", 3)
    if many_ranges:
        # One statement over all ranges instead of one index range at a time.
        monkeypatch.setattr(candidates, "_MAX_RANGES", 0)
    made = [
        _award(
            session,
            f"n{i}",
            starts=dt.date(2030, 1, 1) + dt.timedelta(days=10 * i),
            boroughs=((HERE,), (THERE,), (HERE, THERE))[i % 3],
            groups=(("young-people",), ("parents-and-carers",))[i % 2],
        )
        for i in range(8)
    ]
    found = _area(session, boroughs=[HERE, THERE], groups=["young-people", "parents-and-carers"])
    assert found == [a.pk for a in reversed(made[-3:])]


def test_rows_read_an_award_as_award_read_does(session: Session) -> None:
    # A grant to a person has no recipient organisation: the row keeps the funder's id for them.
    person = _award(session, "person", starts=dt.date(2030, 1, 1))
    person.recipient_pk = None
    person.recipient_individual = {"id": "360G-test-person", "grantPurpose": ["GTIP010"]}
    session.flush()
    session.expire_all()
    awards = list(session.scalars(select(Award).where(Award.deleted_at.is_(None))))
    assert awards
    loaded = {r.pk: r for r in rows.load(session, [a.pk for a in awards])}
    assert set(loaded) == {a.pk for a in awards}
    for award in awards:
        row = loaded[award.pk]
        assert row_read(row) == award_read(award)
        assert row.terms.activities == frozenset(award.slugs("activity"))
        assert row.terms.beneficiary_groups == frozenset(award.slugs("beneficiary_group"))
        assert row.terms.boroughs == frozenset(award.borough_codes())
        assert row.text == f"{award.title} {award.description}"
    assert loaded[person.pk].recipient is None
    assert loaded[person.pk].individual == {"id": "360G-test-person", "grantPurpose": ["GTIP010"]}


def test_rows_leave_out_deleted_awards(session: Session) -> None:
    award = _award(session, "deleted", starts=dt.date(2030, 2, 1))
    award.deleted_at = dt.datetime(2030, 3, 1, tzinfo=dt.UTC)
    session.flush()
    assert rows.load(session, [award.pk]) == []
    assert rows.load(session, []) == []


def _recipient(session: Session, pks: list[int], **kwargs: object) -> list[int]:
    arguments: dict[str, object] = {
        "organisation_pks": pks,
        "purpose": {"activity": ["sport"]},
        "start": dt.date(2030, 1, 1),
        "end": dt.date(2030, 12, 31),
    }
    arguments.update(kwargs)
    return candidates.recipient_awards(session=session, **arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("one_range_per_recipient", [True, False])
def test_the_recipient_search_keeps_the_latest_starts_over_both_ranges(
    session: Session, monkeypatch: pytest.MonkeyPatch, one_range_per_recipient: bool
) -> None:
    monkeypatch.setattr(candidates, "PER_KIND", 4)
    if not one_range_per_recipient:
        monkeypatch.setattr(candidates, "_MAX_RECIPIENTS", 0)
    made = [
        _award(session, f"r{i}", starts=dt.date(2029, 6, 1) + dt.timedelta(days=30 * i))
        for i in range(6)
    ]
    # Planned starts for some (begins = planned start), the award date alone for the others.
    for i, award in enumerate(made):
        if i % 2:
            award.planned_start = award.award_date
            award.planned_end = dt.date(2031, 1, 1)
            award.award_date = dt.date(2025, 1, 1)
    other_purpose = _award(session, "r-other", starts=dt.date(2030, 6, 1), activities=("arts",))
    too_late = _award(session, "r-late", starts=dt.date(2031, 2, 1))
    undated = _award(session, "r-undated", starts=None)
    session.flush()
    recipient = made[0].recipient_pk
    assert {a.recipient_pk for a in (*made, other_purpose, too_late, undated)} == {recipient}
    found = _recipient(session, [recipient, recipient + 100000])
    # The 4 latest-starting awards for the purpose running in 2030 (newest first), then the
    # latest 2 of all (whatever their purpose and dates).
    assert found[:4] == [a.pk for a in reversed(made[-4:])]
    assert undated.pk not in found[:4]
    assert other_purpose.pk not in found[:4] and too_late.pk not in found[:4]


def test_the_recipient_search_includes_undated_awards_for_the_purpose(session: Session) -> None:
    undated = _award(session, "u-undated", starts=None)
    old = _award(session, "u-old", starts=dt.date(2020, 1, 1))
    found = _recipient(session, [undated.recipient_pk], start=dt.date(2031, 1, 1))
    assert undated.pk in found
    assert _recipient(session, []) == []
    assert old.recipient_pk == undated.recipient_pk


def test_the_recipient_search_leaves_out_deleted_awards(session: Session) -> None:
    kept = _award(session, "d-kept", starts=dt.date(2030, 2, 1))
    deleted = _award(session, "d-deleted", starts=dt.date(2030, 3, 1))
    assert kept.recipient_pk == deleted.recipient_pk
    deleted.deleted_at = dt.datetime(2030, 4, 1, tzinfo=dt.UTC)
    session.flush()
    assert _recipient(session, [kept.recipient_pk]) == [kept.pk]
