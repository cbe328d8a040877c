from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import StreamingResponse

from app.awards import service
from app.awards.export import write_csv, write_package
from app.awards.representation import award_read
from app.awards.schemas import AwardRead, GrantPackage
from app.core.dates import InputDate
from app.core.errors import every_problem
from app.core.identifiers import checked_org_id
from app.core.known_ids import check_known_ids
from app.core.money import pounds_to_pence
from app.core.schemas import Page
from app.funders.models import Funder
from app.http.cursors import CursorDep
from app.http.params import LimitQuery
from app.http.sessions import SessionDep, StreamingSessionDep
from app.http.writes import with_etag
from app.reference.service import check_boroughs, check_terms
from app.streams.models import FundingStream

router = APIRouter(prefix="/v1/awards", tags=["awards"])

Repeated = Annotated[list[str], Query()]
Pounds = Annotated[Decimal | None, Query(ge=0, max_digits=14, decimal_places=2)]


# `format` other than json: every matching award (not a page), as open data.
EXPORTS = {
    "360giving": (write_package, "application/json", "awards.json"),
    "csv": (write_csv, "text/csv; charset=utf-8", "awards.csv"),
}


@router.get(
    "",
    # `format=360giving` answers a 360Giving package, `format=csv` CSV: both documented, so a
    # client generated from the OpenAPI document reads all three.
    response_model=Page[AwardRead] | GrantPackage,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def list_awards(
    session: StreamingSessionDep,
    cursor: CursorDep,
    format: Literal["json", "360giving", "csv"] = "json",
    borough: Repeated = [],  # noqa: B006 - FastAPI copies defaults per request
    activity: Repeated = [],  # noqa: B006
    violence_type: Repeated = [],  # noqa: B006
    beneficiary_group: Repeated = [],  # noqa: B006
    funder: Repeated = [],  # noqa: B006
    stream: Repeated = [],  # noqa: B006
    recipient: Repeated = [],  # noqa: B006
    awarded_from: InputDate | None = None,
    awarded_to: InputDate | None = None,
    min_amount: Pounds = None,
    max_amount: Pounds = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: LimitQuery = 50,
) -> Page[AwardRead] | StreamingResponse:
    """Awards already made, newest first; every filter narrows the list.

    `format=360giving` answers every matching award as a 360Giving JSON package, `format=csv`
    as CSV with the standard's column titles (see app/awards/export.py)."""
    # Every filter is checked, so that one 422 names every unknown value.
    with every_problem() as problems:
        boroughs = problems.check(
            partial(check_boroughs, session=session, codes=borough, loc=["query", "borough"]),
            borough,
        )
        terms: dict[str, Sequence[str]] = {
            name: problems.check(
                partial(
                    check_terms, session=session, vocabulary=name, slugs=slugs, loc=["query", name]
                ),
                slugs,
            )
            for name, slugs in (
                ("activity", activity),
                ("violence_type", violence_type),
                ("beneficiary_group", beneficiary_group),
            )
        }
        funders = problems.check(
            partial(check_known_ids, session, Funder.slug, funder, loc=["query", "funder"]), funder
        )
        streams = problems.check(
            partial(check_known_ids, session, FundingStream.slug, stream, loc=["query", "stream"]),
            stream,
        )
        recipients = [
            problems.check(partial(checked_org_id, r, loc=["query", "recipient"]), r)
            for r in recipient
        ]
    filters = service.AwardFilters(
        boroughs=boroughs,
        terms=terms,
        funders=funders,
        streams=streams,
        recipients=recipients,
        awarded_from=awarded_from,
        awarded_to=awarded_to,
        min_amount_pence=pounds_to_pence(min_amount),
        max_amount_pence=pounds_to_pence(max_amount),
        q=q.strip() or None if q else None,
    )
    if format != "json":
        write, media_type, name = EXPORTS[format]
        return StreamingResponse(
            write(session=session, stmt=service.select_awards(filters)),
            media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    rows, next_cursor, total = service.list_awards(
        session=session, filters=filters, limit=limit, cursor=cursor
    )
    return Page(items=[award_read(a) for a in rows], next_cursor=next_cursor, total=total)


@router.get("/{award_id}", response_model=AwardRead)
def get_award(award_id: str, session: SessionDep, response: Response) -> AwardRead:
    """One award; its `ETag` is its version, for `If-Match` on PATCH and DELETE."""
    award = service.get_award(session=session, identifier=award_id)
    return with_etag(response, award.version, award_read(award))
