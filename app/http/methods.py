"""HEAD on every GET resource, and the `Allow` header of a 405 listing every method of the path.

FastAPI routes answer only the methods they declare, and a 405 names the methods of the first
route whose path matched (one route per method, so just one of them).
"""

from __future__ import annotations

import re

from fastapi import FastAPI
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class HeadMiddleware:
    """Answers HEAD as GET without the body: same status and headers (ETag and Content-Length
    included), computed the same way."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


def _documented_methods(app: FastAPI, path: str) -> set[str] | None:
    """The methods the OpenAPI document gives the path, as OpenAPI matches paths: a literal
    template (`/v1/streams/feed.atom`) before a templated one it also fits
    (`/v1/streams/{stream_id}`). None when no documented path fits."""
    fitting: list[tuple[int, set[str]]] = []
    for template, operations in app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            fitting.append((template.count("{"), {m.upper() for m in operations}))
    if not fitting:
        return None
    fewest = min(params for params, _ in fitting)
    return set().union(*(methods for params, methods in fitting if params == fewest))


def allowed_methods(app: FastAPI, scope: Scope) -> list[str]:
    """Every method the request's path answers (HEAD wherever GET is), sorted."""
    allowed = _documented_methods(app, scope["path"])
    if allowed is None:  # an undocumented path (/docs): what its routes answer
        allowed = {
            method
            for method in _METHODS
            for route in app.routes
            if route.matches({**scope, "method": method})[0] is Match.FULL
        }
    return sorted(allowed | {"HEAD"} if "GET" in allowed else allowed)
