"""The Starlette application: GraphQL (hot-swapped), health probes, metrics, the frontend."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Mount, Route, WebSocketRoute

from shopdb_gql.graphql.view import SwappableGraphQL, error_response
from shopdb_gql.observability.logging import RequestContextMiddleware, configure_logging
from shopdb_gql.observability.metrics import metrics_endpoint
from shopdb_gql.runtime import Runtime
from shopdb_gql.settings import Settings
from shopdb_gql.web.export import export_list
from shopdb_gql.web.floorplans import floor_plan_image
from shopdb_gql.web.frontend import favicon, frontend_app, placeholder
from shopdb_gql.web.graphiql import GRAPHIQL_DIR, graphiql_assets
from shopdb_gql.web.health import healthz, readyz
from shopdb_gql.web.importfile import parse_upload
from shopdb_gql.web.middleware import BodyLimit, TrustedProxies
from shopdb_gql.web.pluginroutes import plugin_route
from shopdb_gql.web.sso import sso_callback, sso_login, sso_logout

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
        # What startup built (modules, the schema, table metadata: ~170,000 objects) lives
        # as long as the process. Frozen, the full collections that requests trigger do not
        # scan it again each time: that was 15-20 ms per 1,000-record ingest batch.
        gc.collect()
        gc.freeze()
        # A young-generation collection every 10,000 net allocations instead of 700: a page
        # of 100 assets holds a few thousand objects while it is built (freed by reference
        # counting when it is answered), so at 700 nearly every page paid two collections
        # that traced them, and what they met moved on to the older generations. Per 1,000
        # pages: 217 ms of collections -> 44 ms (docs/PERFORMANCE.md).
        threshold = gc.get_threshold()
        gc.set_threshold(10_000, *threshold[1:])
        try:
            yield
        finally:
            gc.set_threshold(*threshold)
            gc.unfreeze()
            await runtime.stop()

    routes: list[Route | Mount | WebSocketRoute] = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/floorplans/{location_id}", floor_plan_image, methods=["GET"]),
        Route("/export/{name}.{format}", export_list, methods=["GET"]),
        Route("/import/parse", parse_upload, methods=["POST"]),
        # Plugins' own routes, looked up per request in the schema generation being served.
        Route("/plugins/{plugin}/{rest:path}", plugin_route,
              methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]),
        Route("/auth/oidc/login", sso_login, methods=["GET"]),
        Route("/auth/oidc/callback", sso_callback, methods=["GET"], name="oidc_callback"),
        Route("/auth/oidc/logout", sso_logout, methods=["GET"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
        Route("/favicon.svg", favicon, methods=["GET"]),
        WebSocketRoute("/graphql", graphql),
    ]
    routes.append(Route("/metrics", metrics_endpoint))
    assets = graphiql_assets(settings.frontend_dist)
    if assets:
        routes.append(Mount(f"/{GRAPHIQL_DIR}", app=assets))
    spa = frontend_app(settings.frontend_dist)
    routes.append(Mount("/", app=spa) if spa else Route("/", placeholder))
    middleware = [Middleware(TrustedProxies, trusted=settings.trusted_proxies),
                  Middleware(RequestContextMiddleware),
                  Middleware(BodyLimit, max_bytes=settings.max_body_bytes)]
    if settings.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                                     allow_credentials=True, allow_methods=["GET", "POST"],
                                     allow_headers=["authorization", "content-type",
                                                    "x-csrf-token", "x-shopdb-source"]))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={ClientDisconnect: client_gone})
    app.state.runtime = runtime
    app.state.settings = settings
    return app


async def client_gone(request: Request, exc: Exception) -> Response:
    """A client that went away mid-upload: nothing ran and nobody reads the answer."""
    log.info("client disconnected before its request body arrived (%s)", request.url.path)
    return error_response(400, "The request body did not arrive", "BAD_REQUEST")


def app_factory() -> Starlette:
    """Entry point for ``uvicorn --factory shopdb_gql.app:app_factory`` (one per worker)."""
    settings = Settings()
    configure_logging(settings.log_level, settings.log_json)
    return create_app(settings)
