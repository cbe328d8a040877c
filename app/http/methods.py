"""HEAD on every GET resource, and the `Allow` header of a 405 listing every method of the path.

FastAPI routes answer only the methods they declare, and a 405 names the methods of the first
route whose path matched (one route per method, so just one of them).
"""

from __future__ import annotations

from starlette.applications import Starlette
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


def allowed_methods(app: Starlette, scope: Scope) -> list[str]:
    """Every method some route answers on the request's path (HEAD wherever GET is), sorted."""
    allowed = [
        method
        for method in _METHODS
        if any(route.matches({**scope, "method": method})[0] is Match.FULL for route in app.routes)
    ]
    return sorted([*allowed, "HEAD"] if "GET" in allowed else allowed)
