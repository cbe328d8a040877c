from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.changes import service
from app.changes.models import RESOURCES
from app.changes.schemas import ChangePage, ChangeRead, FieldChange
from app.core.clock import as_utc
from app.core.dates import InputDateTime
from app.core.errors import InvalidInput
from app.http.cursors import CursorDep
from app.http.params import LimitQuery
from app.http.sessions import SessionDep

router = APIRouter(prefix="/v1/changes", tags=["changes"])


@router.get("", response_model=ChangePage)
def list_changes(
    session: SessionDep,
    cursor: CursorDep,
    since: Annotated[
        InputDateTime | None, Query(description="Only changes at or after this ISO 8601 time.")
    ] = None,
    resource: Annotated[list[str], Query(description="funder, stream or award.")] = [],  # noqa: B006
    resource_id: Annotated[str | None, Query(max_length=200)] = None,
    limit: LimitQuery = 50,
) -> ChangePage:
    """The public change log, oldest first: every write, who made it and what it changed.
    Sync by following `next_cursor`; deleted streams and awards stay here."""
    unknown = [r for r in resource if r not in RESOURCES]
    if unknown:
        raise InvalidInput.field(
            ["query", "resource"],
            f"Unknown resource(s): {', '.join(unknown)}. Resources: {', '.join(RESOURCES)}.",
        )
    rows, next_cursor = service.list_changes(
        session=session,
        since=as_utc(since) if since else None,
        resources=resource,
        resource_id=resource_id,
        limit=limit,
        cursor=cursor,
    )
    return ChangePage(
        items=[
            ChangeRead(
                id=c.pk,
                at=as_utc(c.at),
                actor=c.actor,
                action=c.action,
                resource=c.resource,
                resource_id=c.resource_id,
                changes={k: FieldChange(**v) for k, v in c.changes.items()},
            )
            for c in rows
        ],
        next_cursor=next_cursor,
    )
