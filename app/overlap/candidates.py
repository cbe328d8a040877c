"""Finding the existing awards a proposal could overlap: bounded queries, one per kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import product
from typing import Any

from sqlalchemy import ColumnElement, Executable, Select, and_, exists, func, or_, select, union_all
from sqlalchemy.orm import Session

from app.awards.aggregate_models import AwardPlace
from app.awards.models import Award, AwardTerm
from app.awards.period import ASSUMED_LENGTH
from app.awards.search_index import candidate_awards
from app.core.identifiers import is_registered
from app.organisations.models import Organisation
from app.organisations.service import similar_organisations
from app.overlap.scoring import RecipientMatch

# How many awards each kind of search may bring back for scoring.
PER_KIND = 50
# Recipient search: up to this many organisations are read one index range at a time.
_MAX_RECIPIENTS = 20
# Saturation search: at most this many index ranges (borough x activity x group) are read
# one by one, newest first.
_MAX_RANGES = 60


def recipients(
    *, session: Session, org_id: str | None, name: str | None
) -> dict[int, RecipientMatch]:
    """Organisations that are (or may be) the proposed recipient, by pk.

    By org-id (and recorded links) when one is given; by name similarity where the proposal or
    the other organisation has no registered id (none, or only a funder-made `360G-` id).
    """
    found: dict[int, RecipientMatch] = {}
    if org_id:
        own = session.scalar(select(Organisation).where(Organisation.org_id == org_id))
        # A funder-made id linked to a registered one is the same organisation, both ways.
        ids = {org_id, *((own.linked_org_id,) if own and own.linked_org_id else ())}
        for organisation in session.scalars(
            select(Organisation).where(
                or_(Organisation.org_id.in_(ids), Organisation.linked_org_id.in_(ids))
            )
        ):
            found[organisation.pk] = RecipientMatch("org_id", 1.0)
        name = name or (own.name if own else None)
    if not name:
        return found
    registered = org_id is not None and is_registered(org_id)
    for organisation, score in similar_organisations(session=session, name=name):
        if organisation.pk in found or (registered and is_registered(organisation.org_id)):
            continue
        found[organisation.pk] = RecipientMatch("name", score)
    return found


def _undated() -> ColumnElement[bool]:
    return and_(
        Award.planned_start.is_(None), Award.award_date.is_(None), Award.planned_end.is_(None)
    )


def _tagged(purpose: dict[str, Sequence[str]]) -> ColumnElement[bool] | None:
    """Awards tagged with one of the slugs of any of the vocabularies; None when none given.

    One EXISTS over the award's own terms: PostgreSQL turns an OR of EXISTS into hashes of
    every award with each term (tens of thousands of rows at a million awards)."""
    wanted = [
        and_(AwardTerm.vocabulary == vocabulary, AwardTerm.slug.in_(slugs))
        for vocabulary, slugs in purpose.items()
        if slugs
    ]
    if not wanted:
        return None
    return exists().where(AwardTerm.award_pk == Award.pk, or_(*wanted))


def recipient_awards(
    *,
    session: Session,
    organisation_pks: Sequence[int],
    purpose: dict[str, Sequence[str]],
    start: dt.date,
    end: dt.date,
) -> list[int]:
    """The recipients' awards for the same purpose in the period (latest start first, then
    undated ones), then their latest others."""
    if not organisation_pks:
        return []
    mine = Award.recipient_pk.in_(organisation_pks)
    found: dict[int, None] = {}
    same_purpose = _tagged(purpose)
    if same_purpose is not None:
        found.update(
            dict.fromkeys(session.scalars(_running_for(organisation_pks, same_purpose, start, end)))
        )
        if len(found) < PER_KIND:
            undated = select(Award.pk).where(mine, _undated(), same_purpose)
            found.update(dict.fromkeys(session.scalars(undated.limit(PER_KIND - len(found)))))
    found.update(dict.fromkeys(session.scalars(_latest(organisation_pks))))
    return list(found)


def _latest(organisation_pks: Sequence[int]) -> Select[Any]:
    """The organisations' PER_KIND // 2 latest live awards, each organisation's read newest
    first from the live-history index (SQLite plans `recipient_pk IN (...)` with
    `deleted_at IS NULL` as a scan of every award)."""
    live = Award.deleted_at.is_(None)
    if len(organisation_pks) > _MAX_RECIPIENTS:
        # As before, deleted ones included (dropped when loaded): see `_running_for`.
        stmt = select(Award.pk).where(Award.recipient_pk.in_(organisation_pks))
        return stmt.order_by(Award.award_date.desc()).limit(PER_KIND // 2)
    parts = [
        select(Award.pk, Award.award_date)
        .where(Award.recipient_pk == pk, live)
        .order_by(Award.award_date.desc())
        .limit(PER_KIND // 2)
        .subquery()
        .select()
        for pk in organisation_pks
    ]
    newest = union_all(*parts).subquery()
    return select(newest.c.pk).order_by(newest.c.award_date.desc()).limit(PER_KIND // 2)


def _running_for(
    organisation_pks: Sequence[int], purpose: ColumnElement[bool], start: dt.date, end: dt.date
) -> Select[Any]:
    """The PER_KIND awards of the organisations for `purpose` running in start..end that start
    latest. Each organisation's awards are read newest start first from an index, twice: those
    with a planned start, and those whose start is the award date; a recipient with thousands of
    awards is thus read only as far back as its PER_KIND newest matches."""

    def running_from(begins: Any) -> ColumnElement[bool]:
        # Still running at `start` when the award starts at `begins`.
        return or_(
            Award.planned_end >= start,
            and_(Award.planned_end.is_(None), begins >= start - ASSUMED_LENGTH),
        )

    live = Award.deleted_at.is_(None)
    if len(organisation_pks) > _MAX_RECIPIENTS:
        # Left as it was: SQLite plans `deleted_at IS NULL` with a long IN list as a full scan.
        begins = func.coalesce(Award.planned_start, Award.award_date)
        return (
            select(Award.pk)
            .where(
                Award.recipient_pk.in_(organisation_pks),
                begins <= end,
                running_from(begins),
                purpose,
            )
            .order_by(begins.desc())
            .limit(PER_KIND)
        )
    # In each part the start is a column of the index the part is read from (not the COALESCE),
    # so every column the part's conditions name is in that index: the awards it turns down are
    # not read from the table.
    parts = [
        select(Award.pk, column.label("begins"))
        .where(
            Award.recipient_pk == pk, live, planned, column <= end, running_from(column), purpose
        )
        .order_by(column.desc())
        .limit(PER_KIND)
        .subquery()
        .select()
        for pk in organisation_pks
        for column, planned in (
            (Award.planned_start, Award.planned_start.is_not(None)),
            (Award.award_date, Award.planned_start.is_(None)),
        )
    ]
    newest = union_all(*parts).subquery()
    return select(newest.c.pk).order_by(newest.c.begins.desc()).limit(PER_KIND)


def area_awards(
    *,
    session: Session,
    boroughs: Sequence[str],
    activities: Sequence[str],
    groups: Sequence[str],
    start: dt.date,
    end: dt.date,
) -> list[int]:
    """Awards in the same boroughs for a shared activity and group, running in the period."""
    if not (boroughs and activities and groups):
        return []
    # One index range per (borough, activity, group), read newest start first: the first
    # PER_KIND entries that are still running by `start` are the newest such awards of that
    # range, so the newest PER_KIND of all ranges are among them.
    # A proposal naming very many of each is answered by one statement over all the ranges.
    running = (AwardPlace.starts <= end, AwardPlace.ends >= start)
    newest_first = (AwardPlace.starts.desc(), AwardPlace.award_pk.desc())
    combinations = list(product(boroughs, activities, groups))
    statement: Executable
    if len(combinations) > _MAX_RANGES:
        statement = (
            select(AwardPlace.award_pk, AwardPlace.starts)
            .where(
                AwardPlace.gss_code.in_(boroughs),
                AwardPlace.activity.in_(activities),
                AwardPlace.beneficiary_group.in_(groups),
                *running,
            )
            .order_by(*newest_first)
            # An award has a row per activity and group it shares: room for PER_KIND awards.
            .limit(PER_KIND * len(activities) * len(groups))
        )
    else:
        ranges = [
            select(AwardPlace.award_pk, AwardPlace.starts)
            .where(
                AwardPlace.gss_code == borough,
                AwardPlace.activity == activity,
                AwardPlace.beneficiary_group == group,
                *running,
            )
            .order_by(*newest_first)
            .limit(PER_KIND)
            .subquery()
            .select()
            for borough, activity, group in combinations
        ]
        statement = ranges[0] if len(ranges) == 1 else union_all(*ranges)
    newest: dict[int, dt.date] = {}
    for pk, starts in session.execute(statement):
        newest[pk] = max(starts, newest.get(pk, starts))
    return sorted(newest, key=lambda pk: (newest[pk], pk), reverse=True)[:PER_KIND]


def described_awards(*, session: Session, text: str) -> list[int]:
    """Awards whose title or description shares words with the proposal's (re-scored later)."""
    return candidate_awards(session, text, limit=PER_KIND)
