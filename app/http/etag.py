"""ETag and If-None-Match for every successful GET, as a plain ASGI middleware.

The tag is a hash of the body, so it changes exactly when the representation does. A handler that
knows the resource's version sets `ETag: "<version>"`; the middleware then sends
`"<version>.<body hash>"`, so that `If-Match` can name the version (app/http/writes.py reads
the part before the dot) while a cached copy still goes stale when something outside the record
changes (a status derived from today's date, a funder's name shown in a stream).
"""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def _matches(if_none_match: str, etag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    # Weak comparison (RFC 9110 13.1.2): W/ prefixes do not matter for GET.
    wanted = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return etag.removeprefix("W/") in wanted


class ETagMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return

        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        streaming = False

        async def buffer(message: Message) -> None:
            nonlocal streaming
            if message["type"] == "http.response.start":
                # A streamed body (an export of a million awards) has no length: it is passed
                # on as it comes, untagged, rather than held in memory to be hashed.
                streaming = "content-length" not in Headers(raw=message.get("headers", []))
                if streaming:
                    await send(message)
                else:
                    start.update(message)
                return
            if streaming:
                await send(message)
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                await self._finish(scope, start, b"".join(chunks), send)
                return
            await send(message)

        await self.app(scope, receive, buffer)

    async def _finish(self, scope: Scope, start: dict[str, Any], body: bytes, send: Send) -> None:
        headers = MutableHeaders(raw=list(start.get("headers", [])))
        if start.get("status") != 200:
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        digest = hashlib.sha256(body).hexdigest()
        version = headers.get("etag", "").strip('"')
        etag = f'"{version}.{digest[:16]}"' if version else f'"{digest[:32]}"'
        headers["etag"] = etag
        if_none_match = Headers(scope=scope).get("if-none-match")
        if if_none_match and _matches(if_none_match, etag):
            not_modified = MutableHeaders()
            for name in ("etag", "cache-control", "vary"):
                if name in headers:
                    not_modified[name] = headers[name]
            await send({"type": "http.response.start", "status": 304, "headers": not_modified.raw})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({**start, "headers": headers.raw})
        await send({"type": "http.response.body", "body": body})
