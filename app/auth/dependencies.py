"""`require_key`: the dependency every write endpoint takes."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.auth.scopes import Principal
from app.auth.service import authenticate
from app.core.errors import TooManyRequests, Unauthorized
from app.http.ratelimit import RateLimiter
from app.http.sessions import SessionDep

_bearer = HTTPBearer(auto_error=False, description="An API key made with `signpost keys create`.")


def require_key(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller's principal; 401 without a live key, 429 past the key's rate limit."""
    if credentials is None:
        raise Unauthorized("This endpoint needs an API key: `Authorization: Bearer <key>`.")
    principal = authenticate(session=session, secret=credentials.credentials)
    if principal is None:
        raise Unauthorized("The API key is not valid or has been revoked.")
    limiter: RateLimiter | None = getattr(request.app.state, "key_limiter", None)
    if limiter is not None:
        wait = limiter.take(f"key:{principal.key_pk}")
        if wait > 0:
            raise TooManyRequests(
                "This API key has sent too many requests; try again later.",
                retry_after=math.ceil(wait),
            )
    return principal


PrincipalDep = Annotated[Principal, Depends(require_key)]
