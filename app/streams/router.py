from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from app.db import SessionDep
from app.streams import service
from app.streams.representation import stream_read
from app.streams.schemas import StreamRead

router = APIRouter(prefix="/v1/streams", tags=["streams"])


@router.get("/{stream_id}", response_model=StreamRead)
def get_stream(stream_id: str, session: SessionDep) -> StreamRead:
    stream = service.get_stream(session=session, slug=stream_id)
    return stream_read(stream, today=dt.date.today())
