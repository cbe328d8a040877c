"""Creating, changing and deleting funders, each logged in the change log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from app.auth.scopes import Action, Principal, can_write_funder
from app.awards.models import Award
from app.changes.lifecycle import Lifecycle
from app.core.errors import Conflict, Forbidden
from app.core.slugs import unique_slug
from app.core.versions import ExpectedVersion
from app.funders.models import Funder
from app.funders.representation import funder_read
from app.funders.schemas import FunderCreate, FunderUpdate
from app.streams.models import FundingStream
from app.streams.search_index import reindex_streams

_FIELDS = ("name", "kind", "url", "source_url")


def funder_snapshot(funder: Funder) -> dict[str, Any]:
    return funder_read(funder).model_dump(mode="json")


FUNDERS = Lifecycle(
    resource="funder", noun="funder", model=Funder, key=Funder.slug, snapshot=funder_snapshot
)


def _allow(principal: Principal, action: Action, slug: str) -> None:
    if not can_write_funder(principal, action=action, funder=slug):
        raise Forbidden(f"Key {principal.name!r} may not {action} funder {slug!r}.")


def _apply(session: Session, funder: Funder, data: FunderUpdate, *, create: bool) -> None:
    sent = data.fields_to_write(create=create, required=("name",))
    for name in _FIELDS:
        if name in sent:
            value = getattr(data, name)
            setattr(funder, name, "" if name == "kind" and value is None else value)
    if "org_id" in sent:
        org_id = data.org_id or None  # normalised by the schema; empty means none
        if org_id:
            taken = select(Funder.pk).where(Funder.org_id == org_id, Funder.slug != funder.slug)
            if session.scalar(taken) is not None:
                raise Conflict(f"Another funder already has org-id {org_id!r}.")
        funder.org_id = org_id


def create_funder(*, session: Session, principal: Principal, data: FunderCreate) -> Funder:
    """Creates a funder; its id, when not given, from its name."""
    slug = data.id or unique_slug(session, Funder.slug, data.name, fallback="funder")
    _allow(principal, "create", slug)
    if session.scalar(select(Funder.pk).where(Funder.slug == slug)) is not None:
        raise Conflict(f"A funder with id {slug!r} exists.")
    funder = Funder(slug=slug, kind="")
    with session.no_autoflush:
        _apply(session, funder, data, create=True)
    FUNDERS.insert(session, funder)
    FUNDERS.finish(session, principal.name, funder, None)
    return funder


def update_funder(
    *,
    session: Session,
    principal: Principal,
    slug: str,
    expected: ExpectedVersion,
    data: FunderUpdate,
) -> Funder:
    funder, before = FUNDERS.open(
        session, slug, expected, lambda f: _allow(principal, "update", slug)
    )
    with session.no_autoflush:
        _apply(session, funder, data, create=False)
    after = FUNDERS.finish(session, principal.name, funder, before)
    if after.get("name") != before.get("name"):
        # The stream index holds the funder's name: searching the new one must find them.
        reindex_streams(
            session,
            session.scalars(select(FundingStream.pk).where(FundingStream.funder_pk == funder.pk)),
        )
    return funder


def delete_funder(
    *, session: Session, principal: Principal, slug: str, expected: ExpectedVersion
) -> None:
    """Deletes a funder that has no streams or awards (deleted ones included): 409 otherwise."""
    FUNDERS.delete(
        session,
        principal.name,
        slug,
        expected,
        allow=lambda f: _allow(principal, "delete", slug),
        refuse=lambda f: _refuse_in_use(session, f),
    )


def _refuse_in_use(session: Session, funder: Funder) -> None:
    in_use = session.scalar(
        select(
            or_(
                exists().where(FundingStream.funder_pk == funder.pk),
                exists().where(Award.funder_pk == funder.pk),
            )
        )
    )
    if in_use:
        raise Conflict(f"Funder {funder.slug!r} has streams or awards; it cannot be deleted.")
