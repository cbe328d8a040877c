"""Writing funders (admin; a funder key may update its own funder)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from app.auth.dependencies import PrincipalDep
from app.funders import write_service
from app.funders.representation import funder_read
from app.funders.schemas import FunderCreate, FunderRead, FunderUpdate
from app.http.sessions import SessionDep
from app.http.writes import ExpectedVersionDep, IdempotencyKey, with_etag
from app.idempotency.replay import Created, idempotent_create

router = APIRouter(prefix="/v1/funders", tags=["funders"])


@router.post("", status_code=201, response_model=FunderRead)
def create_funder(
    data: FunderCreate,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    def create() -> Created:
        funder = write_service.create_funder(session=session, principal=principal, data=data)
        return Created(funder_read(funder), f"/v1/funders/{funder.slug}", funder.version)

    return idempotent_create(
        session=session,
        request=request,
        api_key_pk=principal.key_pk,
        key=idempotency_key,
        data=data,
        create=create,
    )


@router.patch("/{funder_id}", response_model=FunderRead)
def update_funder(
    funder_id: str,
    data: FunderUpdate,
    session: SessionDep,
    principal: PrincipalDep,
    response: Response,
    expected: ExpectedVersionDep,
) -> FunderRead:
    funder = write_service.update_funder(
        session=session, principal=principal, slug=funder_id, expected=expected, data=data
    )
    return with_etag(response, funder.version, funder_read(funder))


@router.delete("/{funder_id}", status_code=204)
def delete_funder(
    funder_id: str, session: SessionDep, principal: PrincipalDep, expected: ExpectedVersionDep
) -> Response:
    """Deletes a funder that has no streams or awards (409 otherwise)."""
    write_service.delete_funder(
        session=session, principal=principal, slug=funder_id, expected=expected
    )
    return Response(status_code=204)
