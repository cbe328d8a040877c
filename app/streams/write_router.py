"""Writing funding streams: create, change, delete (soft) and restore."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from app.auth.dependencies import PrincipalDep
from app.http.params import TodayDep
from app.http.sessions import SessionDep
from app.http.writes import ExpectedVersionDep, IdempotencyKey, with_etag
from app.idempotency.replay import Created, idempotent_create
from app.streams import write_service
from app.streams.representation import stream_read
from app.streams.schemas import StreamCreate, StreamRead, StreamUpdate

router = APIRouter(prefix="/v1/streams", tags=["streams"])


@router.post("", status_code=201, response_model=StreamRead)
def create_stream(
    data: StreamCreate,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    today: TodayDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Creates a stream (admin, or a funder key for its own funders)."""

    def create() -> Created:
        stream = write_service.create_stream(session=session, principal=principal, data=data)
        body = stream_read(stream, today=today)
        return Created(body, f"/v1/streams/{stream.slug}", stream.version)

    return idempotent_create(
        session=session,
        request=request,
        api_key_pk=principal.key_pk,
        key=idempotency_key,
        data=data,
        create=create,
    )


@router.patch("/{stream_id}", response_model=StreamRead)
def update_stream(
    stream_id: str,
    data: StreamUpdate,
    session: SessionDep,
    principal: PrincipalDep,
    response: Response,
    today: TodayDep,
    expected: ExpectedVersionDep,
) -> StreamRead:
    """Changes the fields sent; needs `If-Match` with the current ETag (412 if it moved on)."""
    stream = write_service.update_stream(
        session=session, principal=principal, slug=stream_id, expected=expected, data=data
    )
    return with_etag(response, stream.version, stream_read(stream, today=today))


@router.delete("/{stream_id}", status_code=204)
def delete_stream(
    stream_id: str, session: SessionDep, principal: PrincipalDep, expected: ExpectedVersionDep
) -> Response:
    """Soft-deletes the stream: gone from every read, kept in the change log, restorable."""
    write_service.delete_stream(
        session=session, principal=principal, slug=stream_id, expected=expected
    )
    return Response(status_code=204)


@router.post("/{stream_id}/restore", response_model=StreamRead)
def restore_stream(
    stream_id: str,
    session: SessionDep,
    principal: PrincipalDep,
    response: Response,
    today: TodayDep,
) -> StreamRead:
    """Brings a deleted stream back (admin only)."""
    stream = write_service.restore_stream(session=session, principal=principal, slug=stream_id)
    return with_etag(response, stream.version, stream_read(stream, today=today))
