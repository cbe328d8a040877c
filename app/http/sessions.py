"""The request's session: the dependency that gives each request its transaction."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from app.core.db import read_only_work, unit_of_work

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    """Yields a session for one request: commits if the request succeeds, rolls back if not."""
    yield from unit_of_work(write=request.method not in READ_METHODS)


def get_read_session() -> Iterator[Session]:
    """Yields a session for a request that only reads, whatever its method (an eligibility or
    overlap check is a POST): it never takes SQLite's write lock, and it writes nothing."""
    yield from read_only_work()


# The transaction ends when the endpoint function returns, before the answer is sent: a client
# told "201 Created" can read what it created, and a commit that fails is an error answer, not a
# success followed by nothing.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
ReadSessionDep = Annotated[Session, Depends(get_read_session, scope="function")]
# For reads whose body is streamed after the function returns (exports): the session lives until
# the last byte is sent. Never for writes.
StreamingSessionDep = Annotated[Session, Depends(get_session, scope="request")]
