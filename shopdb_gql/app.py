"""The Starlette application: GraphQL (hot-swapped), health probes, metrics, the frontend."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount, Route, WebSocketRoute

from shopdb_gql.graphql.view import SwappableGraphQL
from shopdb_gql.runtime import Runtime
from shopdb_gql.settings import Settings
from shopdb_gql.web.frontend import frontend_app, placeholder
from shopdb_gql.web.health import healthz, readyz
from shopdb_gql.web.middleware import BodyLimit, RequestId

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Starlette:
    """Build the ASGI app. The lifespan loads plugins, builds the schema and starts polling."""
    settings = settings or Settings()
    settings.validate_for_production()
    runtime = runtime or Runtime(settings)
    graphql = SwappableGraphQL(runtime)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    routes: list[Route | Mount | WebSocketRoute] = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
    ]
    routes += _optional_routes()
    spa = frontend_app(settings.frontend_dist)
    routes.append(Mount("/", app=spa) if spa else Route("/", placeholder))
    middleware = [Middleware(RequestId), Middleware(BodyLimit, max_bytes=settings.max_body_bytes)]
    if settings.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                                     allow_credentials=True, allow_methods=["GET", "POST"],
                                     allow_headers=["authorization", "content-type",
                                                    "x-csrf-token", "x-shopdb-source"]))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.runtime = runtime
    app.state.settings = settings
    return app


def _optional_routes() -> list[Route]:
    try:
        from shopdb_gql.observability.metrics import metrics_endpoint
    except ImportError:
        return []
    return [Route("/metrics", metrics_endpoint)]


def app_factory() -> Starlette:
    """Entry point for ``uvicorn --factory shopdb_gql.app:app_factory`` (one per worker)."""
    return create_app(Settings())
