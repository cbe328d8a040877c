"""Writing funding streams: create, change, delete (soft) and restore."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from app.auth.dependencies import PrincipalDep
from app.http.params import TodayDep
from app.http.sessions import SessionDep
from app.http.writes import IdempotencyKey, IfMatch, etag
from app.idempotency.replay import idempotent_create
from app.streams import write_service
from app.streams.models import FundingStream
from app.streams.representation import stream_read
from app.streams.schemas import StreamCreate, StreamRead, StreamUpdate

router = APIRouter(prefix="/v1/streams", tags=["streams"])


def _answer(stream: FundingStream, response: Response, today: dt.date) -> StreamRead:
    response.headers["ETag"] = etag(stream.version)
    return stream_read(stream, today=today)


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

    def create() -> tuple[dict[str, object], str, int]:
        stream = write_service.create_stream(session=session, principal=principal, data=data)
        body = stream_read(stream, today=today).model_dump(mode="json")
        return body, f"/v1/streams/{stream.slug}", stream.version

    return idempotent_create(
        session=session,
        request=request,
        api_key_pk=principal.key_pk,
        key=idempotency_key,
        payload=data.model_dump(mode="json", exclude_unset=True),
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
    if_match: IfMatch = None,
) -> StreamRead:
    """Changes the fields sent; needs `If-Match` with the current ETag (412 if it moved on)."""
    stream = write_service.update_stream(
        session=session,
        principal=principal,
        slug=stream_id,
        if_match=if_match,
        data=data,
    )
    return _answer(stream, response, today)


@router.delete("/{stream_id}", status_code=204)
def delete_stream(
    stream_id: str, session: SessionDep, principal: PrincipalDep, if_match: IfMatch = None
) -> Response:
    """Soft-deletes the stream: gone from every read, kept in the change log, restorable."""
    write_service.delete_stream(
        session=session, principal=principal, slug=stream_id, if_match=if_match
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
    return _answer(
        write_service.restore_stream(session=session, principal=principal, slug=stream_id),
        response,
        today,
    )
