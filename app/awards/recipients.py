"""The recipients of awards: an organisation is created the first time an award names it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.organisations.models import Organisation
from app.organisations.names import match_name


def upsert_organisation(
    *, session: Session, org_id: str, name: str, type: str | None = None
) -> Organisation:
    """Gets the organisation with this (normalised) org-id, creating it if new."""
    organisation = session.scalar(select(Organisation).where(Organisation.org_id == org_id))
    if organisation is None:
        organisation = Organisation(
            org_id=org_id, name=name, match_name=match_name(name), type=type
        )
        session.add(organisation)
        session.flush()
    return organisation
