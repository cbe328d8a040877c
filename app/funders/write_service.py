"""Creating, changing and deleting funders, each logged in the change log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from app.auth.scopes import Action, Principal, can_write_funder
from app.awards.models import Award
from app.changes.service import record_change
from app.core.db import add_unique
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.identifiers import InvalidOrgId, normalise_org_id
from app.funders.models import Funder
from app.funders.representation import funder_read
from app.funders.schemas import FunderCreate, FunderUpdate
from app.http.writes import check_version, flush_versioned
from app.streams.models import FundingStream
from app.streams.search_index import reindex_streams

_FIELDS = ("name", "kind", "url", "source_url")


def funder_snapshot(funder: Funder) -> dict[str, Any]:
    return funder_read(funder).model_dump(mode="json")


def _allow(principal: Principal, action: Action, slug: str) -> None:
    if not can_write_funder(principal, action=action, funder=slug):
        raise Forbidden(f"Key {principal.name!r} may not {action} funder {slug!r}.")


def _get(session: Session, slug: str) -> Funder:
    funder = session.scalar(select(Funder).where(Funder.slug == slug))
    if funder is None:
        raise NotFound(f"There is no funder with id {slug!r}.")
    return funder


def _apply(session: Session, funder: Funder, data: FunderUpdate, sent: set[str]) -> None:
    if "name" in sent and data.name is None:
        raise InvalidInput.field(["body", "name"], "name cannot be null.")
    for name in _FIELDS:
        if name in sent:
            value = getattr(data, name)
            setattr(funder, name, "" if name == "kind" and value is None else value)
    if "org_id" in sent:
        org_id = None
        if data.org_id:
            try:
                org_id = normalise_org_id(data.org_id)
            except InvalidOrgId as exc:
                raise InvalidInput.field(["body", "org_id"], str(exc)) from exc
            taken = select(Funder.pk).where(Funder.org_id == org_id, Funder.slug != funder.slug)
            if session.scalar(taken) is not None:
                raise Conflict(f"Another funder already has org-id {org_id!r}.")
        funder.org_id = org_id


def _log(session: Session, principal: Principal, slug: str, before: Any, after: Any) -> None:
    record_change(
        session,
        actor=principal.name,
        resource="funder",
        resource_id=slug,
        before=before,
        after=after,
    )


def create_funder(*, session: Session, principal: Principal, data: FunderCreate) -> Funder:
    _allow(principal, "create", data.id)

    def taken() -> bool:
        return session.scalar(select(Funder.pk).where(Funder.slug == data.id)) is not None

    if taken():
        raise Conflict(f"A funder with id {data.id!r} exists.")
    funder = Funder(slug=data.id, kind="")
    with session.no_autoflush:
        _apply(session, funder, data, set(type(data).model_fields))
    if not add_unique(session, funder, taken=taken):
        raise Conflict(f"A funder with id {data.id!r} exists.")
    _log(session, principal, funder.slug, None, funder_snapshot(funder))
    return funder


def update_funder(
    *, session: Session, principal: Principal, slug: str, if_match: str | None, data: FunderUpdate
) -> Funder:
    funder = _get(session, slug)
    _allow(principal, "update", slug)
    check_version(funder.version, if_match)
    before = funder_snapshot(funder)
    with session.no_autoflush:
        _apply(session, funder, data, set(data.model_fields_set))
    after = funder_snapshot(funder)
    if after != before:
        flush_versioned(session)
        _log(session, principal, slug, before, after)
        if after.get("name") != before.get("name"):
            # The stream index holds the funder's name: searching the new one must find them.
            reindex_streams(
                session,
                session.scalars(
                    select(FundingStream.pk).where(FundingStream.funder_pk == funder.pk)
                ),
            )
    return funder


def delete_funder(
    *, session: Session, principal: Principal, slug: str, if_match: str | None
) -> None:
    """Deletes a funder that has no streams or awards (deleted ones included): 409 otherwise."""
    funder = _get(session, slug)
    _allow(principal, "delete", slug)
    check_version(funder.version, if_match)
    in_use = session.scalar(
        select(
            or_(
                exists().where(FundingStream.funder_pk == funder.pk),
                exists().where(Award.funder_pk == funder.pk),
            )
        )
    )
    if in_use:
        raise Conflict(f"Funder {slug!r} has streams or awards; it cannot be deleted.")
    before = funder_snapshot(funder)
    session.delete(funder)
    flush_versioned(session)
    _log(session, principal, slug, before, None)
