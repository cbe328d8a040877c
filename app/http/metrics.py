"""`/metrics` (Prometheus text format) and the middleware that counts and times requests.

Requests are labelled by their route template (`/v1/streams/{slug}`), never the raw path, so
that the number of series stays bounded; a path no route matched is `unmatched`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.db import get_engine
from app.core.metrics import LATENCY, POOL_IN_USE, REQUESTS, render
from app.http.sessions import ReadSessionDep


def pool_in_use(engine: Engine) -> int:
    checkedout = getattr(engine.pool, "checkedout", None)
    return int(checkedout()) if checkedout is not None else 0


class MetricsMiddleware:
    """Counts and times every HTTP request by method, route template and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope["method"]
            REQUESTS.labels(method, template, str(status)).inc()
            LATENCY.labels(method, template).observe(time.perf_counter() - started)
            POOL_IN_USE.set(pool_in_use(get_engine()))


def metrics_router(*collectors: Callable[[Session], Collector]) -> APIRouter:
    """`GET /metrics`, with the metrics of `collectors` (each made per scrape with a read-only
    session: figures read from the database, such as the outbox backlog) after the process's."""
    router = APIRouter(tags=["health"])

    @router.get("/metrics", response_class=Response, include_in_schema=False)
    def metrics(session: ReadSessionDep) -> Response:
        """Prometheus metrics: requests and latency per route, pool in use, outbox, imports."""
        extra = [make(session) for make in collectors]
        return Response(render(*extra), media_type=CONTENT_TYPE_LATEST)

    return router
