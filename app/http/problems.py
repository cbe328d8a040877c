"""The one place errors become RFC 9457 `application/problem+json` answers: the domain
exceptions of app/core/errors.py, request validation, Starlette's HTTP errors, a busy database
and anything unexpected (logged, never shown: no stack trace, no SQL reaches a client)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.errors import SignpostError
from app.http.methods import allowed_methods

logger = logging.getLogger("signpost")

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://signpost.london/problems/"


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


def _unparsable_body(cause: BaseException | None) -> str:
    """What is wrong with a body FastAPI could not parse (it raises a bare 400 from the cause)."""
    if isinstance(cause, UnicodeDecodeError):
        return f"The request body is not valid UTF-8 (byte {cause.start} cannot be decoded)."
    if isinstance(cause, RecursionError):
        return "The JSON body is nested too deeply."
    if isinstance(cause, ValueError) and "digits" in str(cause):
        return "A number in the JSON body has too many digits."
    return "The request body could not be parsed as JSON."


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers) if exc.headers else {}
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request.app, request.scope))
    titles = {
        400: "Bad request",
        404: "Not found",
        405: "Method not allowed",
        413: "Content too large",
    }
    title = titles.get(exc.status_code, "Error")
    detail = exc.detail if isinstance(exc.detail, str) else title
    errors = None
    if exc.status_code == 400 and exc.__cause__ is not None:
        detail = _unparsable_body(exc.__cause__)
        errors = [{"loc": ["body"], "msg": detail}]
    return problem(
        exc.status_code,
        title,
        detail,
        slug=title.lower().replace(" ", "-"),
        errors=errors,
        headers=headers or None,
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
    # Otherwise the database went away under the request (PostgreSQL restarting or shutting
    # down, a connection dropped, a deadlock or serialisation failure: the DB-API's "errors of
    # the database's operation"). The transaction rolled back (unless the connection broke in
    # the COMMIT itself, when its fate is unknown): a retry is what the client should do, and
    # with an Idempotency-Key a retried create cannot create twice.
    logger.warning(
        "database unavailable on %s %s: %s", request.method, request.url.path, exc, exc_info=exc
    )
    return problem(
        503,
        "Database unavailable",
        "The database could not complete the request; try again shortly (a create with the "
        "same Idempotency-Key, so that it cannot happen twice).",
        slug="database-unavailable",
        headers={"Retry-After": "2"},
    )


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
