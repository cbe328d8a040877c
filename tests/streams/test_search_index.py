"""The full-text index follows every change made through `reindex_streams`."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.streams.models import FundingStream
from app.streams.search_index import catalogue_token, reindex_streams


def _ids(client: TestClient, q: str) -> list[str]:
    body = client.get("/v1/streams", params={"q": q, "status": "any"}).json()
    return [i["id"] for i in body["items"]]


def test_a_renamed_stream_is_found_by_its_new_name(client: TestClient, session: Session) -> None:
    stream = session.scalar(select(FundingStream).where(FundingStream.slug == "myends"))
    assert stream is not None
    stream.name = "MyEnds Zanzibar Partnerships"
    reindex_streams(session, [stream.pk])
    assert _ids(client, "zanzibar") == ["myends"]


def test_a_deleted_stream_leaves_the_index(client: TestClient, session: Session) -> None:
    slug = "illustrative-community-small-grants-rolling"
    stream = session.scalar(select(FundingStream).where(FundingStream.slug == slug))
    assert stream is not None and slug in _ids(client, "constitution bank account")
    session.delete(stream)
    reindex_streams(session, [stream.pk])
    assert _ids(client, "constitution bank account") == []


def test_every_reindex_renews_the_catalogue_token(session: Session) -> None:
    before = catalogue_token(session)
    assert before is not None
    reindex_streams(session, [1])
    assert catalogue_token(session) not in (None, before)
