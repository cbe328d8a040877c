"""The recipients of awards: an organisation is created the first time an award names it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.db import add_unique
from app.organisations.models import Organisation
from app.organisations.names import match_name


def upsert_organisation(
    *, session: Session, org_id: str, name: str, type: str | None = None
) -> Organisation:
    """Gets the organisation with this (normalised) org-id, creating it if new."""
    query = select(Organisation).where(Organisation.org_id == org_id)
    organisation = session.scalar(query)
    if organisation is None:
        organisation = Organisation(
            org_id=org_id, name=name, match_name=match_name(name), type=type
        )
        # Two writes naming the same new recipient at once (PostgreSQL): the second finds the
        # organisation the first committed.
        if not add_unique(session, organisation, taken=lambda: session.scalar(query) is not None):
            return session.scalars(query).one()
    return organisation
