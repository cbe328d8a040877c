"""Writing awards (admin; funder keys for their funders; commissioners in their boroughs)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from app.auth.dependencies import PrincipalDep
from app.awards import write_service
from app.awards.representation import award_read
from app.awards.schemas import AwardCreate, AwardRead, AwardUpdate
from app.http.sessions import SessionDep
from app.http.writes import ExpectedVersionDep, IdempotencyKey, with_etag
from app.idempotency.replay import Created, idempotent_create

router = APIRouter(prefix="/v1/awards", tags=["awards"])


@router.post("", status_code=201, response_model=AwardRead)
def create_award(
    data: AwardCreate,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    def create() -> Created:
        award = write_service.create_award(session=session, principal=principal, data=data)
        return Created(award_read(award), f"/v1/awards/{award.identifier}", award.version)

    return idempotent_create(
        session=session,
        request=request,
        api_key_pk=principal.key_pk,
        key=idempotency_key,
        data=data,
        create=create,
    )


@router.patch("/{award_id}", response_model=AwardRead)
def update_award(
    award_id: str,
    data: AwardUpdate,
    session: SessionDep,
    principal: PrincipalDep,
    response: Response,
    expected: ExpectedVersionDep,
) -> AwardRead:
    """Changes the fields sent; needs `If-Match` with the current ETag (412 if it moved on)."""
    award = write_service.update_award(
        session=session, principal=principal, identifier=award_id, expected=expected, data=data
    )
    return with_etag(response, award.version, award_read(award))


@router.delete("/{award_id}", status_code=204)
def delete_award(
    award_id: str, session: SessionDep, principal: PrincipalDep, expected: ExpectedVersionDep
) -> Response:
    """Soft-deletes the award: gone from every read, kept in the change log, restorable."""
    write_service.delete_award(
        session=session, principal=principal, identifier=award_id, expected=expected
    )
    return Response(status_code=204)


@router.post("/{award_id}/restore", response_model=AwardRead)
def restore_award(
    award_id: str, session: SessionDep, principal: PrincipalDep, response: Response
) -> AwardRead:
    """Brings a deleted award back (admin only)."""
    award = write_service.restore_award(session=session, principal=principal, identifier=award_id)
    return with_etag(response, award.version, award_read(award))
