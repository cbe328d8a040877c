"""Domain exceptions that carry their HTTP status, and the one handler that renders them.

Every error leaves the service as RFC 9457 `application/problem+json`; nothing else (no stack
trace, no SQL) ever reaches a client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger("signpost")

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://signpost.london/problems/"


class SignpostError(Exception):
    status_code = 500
    title = "Internal server error"
    slug = "internal"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers


class NotFound(SignpostError):
    status_code = 404
    title = "Not found"
    slug = "not-found"


class InvalidInput(SignpostError):
    """A request that parsed but names something that does not exist or breaks a rule."""

    status_code = 422
    title = "Invalid input"
    slug = "validation"

    @classmethod
    def field(cls, loc: list[str | int], msg: str) -> InvalidInput:
        return cls(msg, errors=[{"loc": loc, "msg": msg}])


class Conflict(SignpostError):
    status_code = 409
    title = "Conflict"
    slug = "conflict"


class Unauthorized(SignpostError):
    """No credentials where some are needed: no API key, or one unknown or revoked. (A wrong
    subscription token is answered like a missing subscription, so ids cannot be probed.)"""

    status_code = 401
    title = "Unauthorized"
    slug = "unauthorized"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="signpost"'})


class Forbidden(SignpostError):
    """A valid key acting outside its role or scope."""

    status_code = 403
    title = "Forbidden"
    slug = "forbidden"


class PreconditionFailed(SignpostError):
    """`If-Match` names a version that is no longer the current one."""

    status_code = 412
    title = "Precondition failed"
    slug = "precondition-failed"


class PreconditionRequired(SignpostError):
    status_code = 428
    title = "Precondition required"
    slug = "precondition-required"


class TooManyRequests(SignpostError):
    status_code = 429
    title = "Too many requests"
    slug = "rate-limited"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after)})


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    slug: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Only location and message: pydantic's `input` and `ctx` could echo back what was sent.
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in exc.errors()]


async def _signpost_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SignpostError)
    return problem(
        exc.status_code,
        exc.title,
        exc.detail,
        slug=exc.slug,
        errors=exc.errors,
        headers=exc.headers,
    )


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _validation_errors(exc)
    names = ", ".join(".".join(str(p) for p in e["loc"]) for e in errors)
    return problem(
        422, "Invalid input", f"Invalid value for: {names}", slug="validation", errors=errors
    )


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    titles = {404: "Not found", 405: "Method not allowed", 413: "Content too large"}
    title = titles.get(exc.status_code, "Error")
    detail = exc.detail if isinstance(exc.detail, str) else title
    return problem(
        exc.status_code,
        title,
        detail,
        slug=title.lower().replace(" ", "-"),
        headers=dict(exc.headers) if exc.headers else None,
    )


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    # SQLite allows one writer: past its busy timeout a waiting write gives up. That is
    # "try again", not a fault.
    if "database is locked" in str(getattr(exc, "orig", exc)):
        return problem(
            503,
            "Busy",
            "The database is busy with another write; try again shortly.",
            slug="busy",
            headers={"Retry-After": "1"},
        )
    return await _unexpected_error(request, exc)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(
        500, "Internal server error", "Something went wrong on our side.", slug="internal"
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(SignpostError, _signpost_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)
