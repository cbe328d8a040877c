"""Domain exceptions that carry their HTTP status; app/http/problems.py renders them.

Every error leaves the service as RFC 9457 `application/problem+json`; nothing else (no stack
trace, no SQL) ever reaches a client.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


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


class Problems:
    """The checks of one request, each run to the end, so that one 422 names every bad field
    (`every_problem`)."""

    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []

    def check(self, run: Callable[[], T], otherwise: T) -> T:
        """What `run` returns, or `otherwise` when it finds the input invalid (kept for later)."""
        try:
            return run()
        except InvalidInput as problem:
            self.errors.extend(problem.errors or [{"loc": [], "msg": problem.detail}])
            return otherwise


@contextmanager
def every_problem() -> Iterator[Problems]:
    """Runs the checks in the block; then, if any found a problem, one `InvalidInput` with all."""
    problems = Problems()
    yield problems
    if problems.errors:
        detail = " ".join(str(e["msg"]) for e in problems.errors)
        raise InvalidInput(detail, errors=problems.errors)


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
