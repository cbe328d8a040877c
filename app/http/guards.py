"""ASGI middleware guarding every request: security headers, CORS (reads only), body size and
a rate limit per client address. Their refusals are problem+json like every other error."""

from __future__ import annotations

import json
import math
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.http.problems import PROBLEM_BASE, PROBLEM_JSON
from app.http.ratelimit import RateLimiter

READ_METHODS = ("GET", "HEAD")
_EXEMPT_PATHS = ("/healthz", "/readyz")


async def send_problem(
    send: Send, status: int, title: str, detail: str, *, headers: dict[str, str] | None = None
) -> None:
    slug = title.lower().replace(" ", "-")
    body = json.dumps(
        {"type": PROBLEM_BASE + slug, "title": title, "status": status, "detail": detail}
    ).encode()
    raw = MutableHeaders({"content-type": PROBLEM_JSON, "content-length": str(len(body))})
    for name, value in (headers or {}).items():
        raw[name] = value
    await send({"type": "http.response.start", "status": status, "headers": raw.raw})
    await send({"type": "http.response.body", "body": body})


class SecurityHeadersMiddleware:
    """Security headers on every answer; CORS open to any origin for reads, closed for writes
    (a browser on another site may read the open data, but never write with someone's key)."""

    def __init__(self, app: ASGIApp, *, hsts_seconds: int = 0) -> None:
        self.app = app
        self.headers = {
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
            "Content-Security-Policy": "frame-ancestors 'none'",
        }
        if hsts_seconds > 0:
            self.headers["Strict-Transport-Security"] = f"max-age={hsts_seconds}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        origin = request_headers.get("origin")
        method = scope["method"]
        if method == "OPTIONS" and "access-control-request-method" in request_headers:
            await self._preflight(request_headers, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    # Pages (app/web) send a stricter policy of their own, which forbids
                    # framing too: it is kept.
                    if name != "Content-Security-Policy" or name not in headers:
                        headers[name] = value
                if origin and method in READ_METHODS:
                    headers["Access-Control-Allow-Origin"] = "*"
                    headers["Access-Control-Expose-Headers"] = "ETag, Link, Retry-After"
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _preflight(self, request_headers: Headers, send: Send) -> None:
        wanted = request_headers["access-control-request-method"].upper()
        if wanted not in READ_METHODS:
            await send_problem(
                send,
                403,
                "Forbidden",
                "Cross-origin writes are not allowed; call the write API from a server.",
                headers=self.headers,
            )
            return
        headers = {
            **self.headers,
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Allow-Methods": ", ".join(READ_METHODS),
            "Access-Control-Allow-Headers": "Accept, If-None-Match, Content-Type",
            "Access-Control-Max-Age": "86400",
        }
        raw = MutableHeaders(headers)
        await send({"type": "http.response.start", "status": 204, "headers": raw.raw})
        await send({"type": "http.response.body", "body": b""})


class _TooLarge(HTTPException):
    """Raised from `receive`: FastAPI lets an HTTPException from body reading through (any other
    error there becomes a 400), and the app's handler renders it as problem+json."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"Request bodies are limited to {max_bytes} bytes.")


class BodySizeLimitMiddleware:
    """413 for a request body over its limit, whether announced by Content-Length or not.

    `max_bytes` holds for every request but those under a path of `larger` (a 360Giving file
    upload is megabytes by nature), which get the limit given there.
    """

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, larger: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = larger or {}

    def _limit(self, path: str) -> int:
        for prefix, limit in self.larger.items():
            if path.startswith(prefix):
                return limit
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope["path"])
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send, limit)

    async def _refuse(self, send: Send, limit: int) -> None:
        await send_problem(
            send,
            413,
            "Content too large",
            f"Request bodies are limited to {limit} bytes here.",
        )


class AddressRateLimitMiddleware:
    """429 with Retry-After once a client address goes past its rate."""

    def __init__(self, app: ASGIApp, *, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in _EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        client: Any = scope.get("client")
        address = client[0] if client else "unknown"
        wait = self.limiter.take(f"addr:{address}")
        if wait > 0:
            await send_problem(
                send,
                429,
                "Too many requests",
                "This address has sent too many requests; try again later.",
                headers={"Retry-After": str(math.ceil(wait))},
            )
            return
        await self.app(scope, receive, send)
