"""The application factory: routers, error handlers, middleware."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.awards.router import router as awards_router
from app.awards.write_router import router as awards_write_router
from app.changes.router import router as changes_router
from app.core.collector import freeze_once
from app.core.db import _session_factory, get_engine
from app.core.metrics import process_exited
from app.core.settings import Settings, get_settings
from app.eligibility.router import router as eligibility_router
from app.funders.router import router as funders_router
from app.funders.write_router import router as funders_write_router
from app.http.etag import ETagMiddleware
from app.http.guards import (
    AddressRateLimitMiddleware,
    BodySizeLimitMiddleware,
    SecurityHeadersMiddleware,
)
from app.http.methods import HeadMiddleware
from app.http.metrics import MetricsMiddleware, metrics_router
from app.http.openapi import install_openapi
from app.http.problems import install_error_handlers, problem
from app.http.ratelimit import RateLimiter
from app.http.sessions import SessionDep
from app.http.text_input import refuse_control_characters
from app.imports.router import router as imports_router
from app.insights.router import router as insights_router
from app.ops.migrate import is_at_head
from app.organisations.router import router as organisations_router
from app.overlap.router import router as overlap_router
from app.publishing.metrics import OutboxBacklog
from app.publishing.router import router as publishing_router
from app.reference.router import router as reference_router
from app.streams import warmup
from app.streams.router import router as streams_router
from app.streams.write_router import router as streams_write_router
from app.web.alert_routes import router as web_alerts_router
from app.web.router import router as web_router
from app.web.static import mount_static

DESCRIPTION = """
Signpost joins up London's violence-prevention funding: the funding streams, who can apply and
what they fund, and the awards already made. Open data; errors are RFC 9457 problem+json.
Streams marked `illustrative: true` are demonstration rounds, not real opportunities.
"""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    freeze_once()
    if app.state.settings.preload_catalogue:
        warmup.start(_session_factory(get_engine()))
    yield
    process_exited(os.getpid())


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logging.basicConfig(level=settings.log_level.upper())
    app = FastAPI(
        title="Signpost",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=_lifespan,
        dependencies=[Depends(refuse_control_characters)],
    )
    app.state.settings = settings
    install_error_handlers(app)
    install_openapi(app)
    app.add_middleware(ETagMiddleware)
    if settings.rate_limit_per_key > 0:
        app.state.key_limiter = RateLimiter(per_minute=settings.rate_limit_per_key)
    if settings.rate_limit_per_address > 0:
        app.add_middleware(
            AddressRateLimitMiddleware,
            limiter=RateLimiter(per_minute=settings.rate_limit_per_address),
        )
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        larger={"/v1/imports/": settings.max_import_bytes},
    )
    # Added after the guards, so it wraps them: every answer, refusals included, carries the
    # headers.
    app.add_middleware(SecurityHeadersMiddleware, hsts_seconds=settings.hsts_seconds)
    # Outside even that: refusals (413, 429) are counted and timed too.
    app.add_middleware(MetricsMiddleware)
    # Outermost of all: everything inside answers a HEAD exactly as the GET it stands for.
    app.add_middleware(HeadMiddleware)
    for router in (
        reference_router,
        funders_router,
        funders_write_router,
        streams_router,
        streams_write_router,
        eligibility_router,
        awards_router,
        awards_write_router,
        organisations_router,
        changes_router,
        imports_router,
        publishing_router,
        insights_router,
        overlap_router,
        metrics_router(OutboxBacklog),
        web_router,
        web_alerts_router,
    ):
        app.include_router(router)
    mount_static(app)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], response_model=None)
    def readyz(session: SessionDep) -> dict[str, str] | JSONResponse:
        """The database answers and has every migration applied, and the catalogue of funding
        streams is loaded (searches would wait for it otherwise)."""
        try:
            session.execute(text("SELECT 1"))
            at_head = is_at_head(session.connection())
        except SQLAlchemyError:
            logging.getLogger("signpost").exception("readiness check failed")
            return problem(503, "Not ready", "The database is not reachable.", slug="not-ready")
        if not at_head:
            return problem(
                503,
                "Not ready",
                "The database is not migrated to the latest schema.",
                slug="not-ready",
            )
        if not warmup.ready(session):
            return problem(
                503, "Not ready", "The catalogue of funding streams is loading.", slug="not-ready"
            )
        return {"status": "ready"}

    return app


app = create_app()
