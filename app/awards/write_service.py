"""Creating, changing, deleting and restoring awards, each logged in the change log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.scopes import Action, Principal, can_write_award
from app.awards.aggregates import refresh_awards
from app.awards.models import AWARD_VOCABULARIES, Award, AwardBorough
from app.awards.recipients import upsert_organisation
from app.awards.representation import award_read
from app.awards.schemas import AwardCreate, AwardUpdate
from app.awards.search_index import index_awards
from app.changes.lifecycle import Lifecycle, referenced
from app.core.clock import utcnow
from app.core.errors import Conflict, Forbidden, InvalidInput, every_problem
from app.core.money import pounds_to_pence
from app.core.versions import ExpectedVersion
from app.funders.models import Funder
from app.reference.service import check_sent_references
from app.reference.vocabularies import PLURALS
from app.streams.models import FundingStream

_ORDERED = (("planned_start", "planned_end"),)
_SCALARS = ("title", "description", "currency", "award_date", "planned_start", "planned_end")


def after_award_write(session: Session, award: Award) -> None:
    """Keeps what is derived from awards (full-text index, aggregates, the overlap check's place
    index) in step, in the write's own transaction; deletes and restores included."""
    index_awards(session, [award.pk])
    refresh_awards(session, [award.pk])


def award_snapshot(award: Award) -> dict[str, Any]:
    """The award in API units, as the change log records it."""
    return award_read(award).model_dump(mode="json")


def _check_stream(_session: Session, award: Award) -> None:
    """An award's stream is one of its funder's (for every role: an admin's mistake would file
    it under another funder's round as surely as a funder key's)."""
    stream = award.stream
    if stream is not None and stream.funder is not award.funder:
        raise InvalidInput.field(
            ["body", "stream_id"],
            f"Stream {stream.slug!r} belongs to funder {stream.funder.slug!r}, not to the "
            f"award's funder {award.funder.slug!r}.",
        )


AWARDS = Lifecycle(
    resource="award",
    noun="award",
    model=Award,
    key=Award.identifier,
    snapshot=award_snapshot,
    ordered=_ORDERED,
    after_write=after_award_write,
    check=_check_stream,
)


def _allow(
    principal: Principal, action: Action, identifier: str, funder: str, boroughs: list[str]
) -> None:
    if not can_write_award(principal, action=action, funder=funder, boroughs=boroughs):
        raise Forbidden(
            f"Key {principal.name!r} may not {action} award {identifier!r} "
            f"(funder {funder!r}, boroughs {', '.join(boroughs) or 'none'})."
        )


def _allow_award(principal: Principal, action: Action, award: Award) -> None:
    boroughs = [b.gss_code for b in award.boroughs]
    _allow(principal, action, award.identifier, award.funder.slug, boroughs)


def _checked(session: Session, data: AwardUpdate, *, create: bool) -> dict[str, Any]:
    """Resolves and validates every reference in the body before anything changes."""
    sent = data.fields_to_write(create=create, required=("funder", "recipient", "amount"))
    checked: dict[str, Any] = {}
    # Every reference is checked, so that one 422 names every bad field.
    with every_problem() as problems:
        if (funder := data.funder) is not None:
            checked["funder"] = problems.check(
                lambda: referenced(session, Funder.slug, funder, field="funder", what="funder"),
                None,
            )
        if "stream_id" in sent:
            stream = data.stream_id
            checked["stream"] = (
                None
                if stream is None
                else problems.check(
                    lambda: referenced(
                        session, FundingStream.slug, stream, field="stream_id", what="stream"
                    ),
                    None,
                )
            )
        if data.recipient is not None:
            # The org-id is normalised by the schema.
            checked["recipient"] = (data.recipient.org_id, data.recipient.name)
        checked |= check_sent_references(
            problems, session=session, data=data, sent=sent, vocabularies=AWARD_VOCABULARIES
        )
    return checked


def _apply(award: Award, data: AwardUpdate, checked: dict[str, Any], *, create: bool) -> None:
    sent = data.fields_to_write(create=create)
    if "funder" in checked:
        award.funder = checked["funder"]
    if "stream" in checked:
        award.stream = checked["stream"]
    for name in _SCALARS:
        if name in sent:
            setattr(award, name, getattr(data, name))
    if "amount" in sent and data.amount is not None:
        award.amount_pence = pounds_to_pence(data.amount) or 0
    if "source" in sent:
        source = data.source
        award.source_url = source.url if source else None
        award.source_title = source.title if source else None
        award.source_date = source.date if source else None
    for vocabulary in AWARD_VOCABULARIES:
        field = PLURALS[vocabulary]
        if field in checked and award.slugs(vocabulary) != sorted(checked[field]):
            award.set_slugs(vocabulary, checked[field])
    codes = checked.get("boroughs")
    if codes is not None and [b.gss_code for b in award.boroughs] != sorted(codes):
        award.boroughs = [AwardBorough(gss_code=c) for c in codes]


def _recipient(session: Session, checked: dict[str, Any]) -> None:
    if "recipient" in checked:
        org_id, name = checked["recipient"]
        checked["recipient"] = upsert_organisation(session=session, org_id=org_id, name=name)


def create_award(*, session: Session, principal: Principal, data: AwardCreate) -> Award:
    """Creates an award (provenance `manual`); 409 if the id is taken (restore a deleted one)."""
    checked = _checked(session, data, create=True)
    if session.scalar(select(Award.pk).where(Award.identifier == data.id)) is not None:
        raise Conflict(f"An award with id {data.id!r} exists (or is deleted).")
    now = utcnow()
    # The scope is checked before anything (an organisation) is written.
    _allow(principal, "create", data.id, checked["funder"].slug, checked["boroughs"])
    _recipient(session, checked)
    with session.no_autoflush:
        award = Award(
            identifier=data.id,
            provenance="manual",
            created_at=now,
            updated_at=now,
            terms=[],
            boroughs=[],
        )
        award.recipient = checked["recipient"]
        _apply(award, data, checked, create=True)
        AWARDS.finish(session, principal.name, award, None)
    return award


def update_award(
    *,
    session: Session,
    principal: Principal,
    identifier: str,
    expected: ExpectedVersion,
    data: AwardUpdate,
) -> Award:
    """Applies a PATCH if `If-Match` names the award's version; the key must be allowed the award as
    it was and as it will be."""
    award, before = AWARDS.open(
        session, identifier, expected, lambda a: _allow_award(principal, "update", a)
    )
    checked = _checked(session, data, create=False)
    _recipient(session, checked)
    with session.no_autoflush:
        if "recipient" in checked:
            award.recipient = checked["recipient"]
            # An award to a person given an organisation goes to the organisation instead.
            award.recipient_individual = None
        _apply(award, data, checked, create=False)
        _allow_award(principal, "update", award)
        AWARDS.finish(session, principal.name, award, before)
    return award


def delete_award(
    *, session: Session, principal: Principal, identifier: str, expected: ExpectedVersion
) -> None:
    """Soft-deletes: the award leaves every read but stays in the log and can be restored."""
    AWARDS.delete(
        session,
        principal.name,
        identifier,
        expected,
        lambda a: _allow_award(principal, "delete", a),
    )


def restore_award(*, session: Session, principal: Principal, identifier: str) -> Award:
    return AWARDS.restore(
        session, principal.name, identifier, lambda a: _allow_award(principal, "restore", a)
    )
