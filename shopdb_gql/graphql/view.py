"""The hot-swapping GraphQL endpoint: one Strawberry ASGI view per served schema."""

from __future__ import annotations

import json
import logging
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UNSET, UnsetType

from shopdb_gql.auth.actor import ANONYMOUS, Actor
from shopdb_gql.auth.cookies import ACCESS_COOKIE, csrf_ok
from shopdb_gql.auth.tokens import API_TOKEN_PREFIX, TokenError, authenticate_api_token, decode_access_token
from shopdb_gql.core.loaders import Loaders
from shopdb_gql.db.errors import is_unavailable
from shopdb_gql.graphql.admission import Admission
from shopdb_gql.graphql.context import Context
from shopdb_gql.graphql.extensions import code_of, unavailable
from shopdb_gql.graphql.persisted import PersistedQueries
from shopdb_gql.runtime import Runtime, Served
from shopdb_gql.web.graphiql import graphiql_page

log = logging.getLogger("shopdb_gql.graphql")

#: Methods a cookie may authenticate without the CSRF header (they change nothing).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def authenticate(
    runtime: Runtime, request: Request | WebSocket, session: Any
) -> tuple[Actor, str | None]:
    """The caller from ``Authorization: Bearer`` (JWT or API token) or the session cookie,
    as their account is now (role, active, session version: auth/current.py)."""
    secret = runtime.settings.secret_key
    header = request.headers.get("authorization", "")
    try:
        if header:
            actor, problem = await authenticate_bearer(runtime, header, session)
        else:
            cookie = request.cookies.get(ACCESS_COOKIE)
            if not cookie:
                return ANONYMOUS, None
            if isinstance(request, Request) and request.method not in SAFE_METHODS \
                    and not csrf_ok(request):
                return ANONYMOUS, "CSRF token missing or wrong: send the X-CSRF-Token header"
            actor, problem = decode_access_token(cookie, secret), None
        return await runtime.accounts.current(session, actor), problem
    except TokenError as exc:
        return ANONYMOUS, str(exc)


async def authenticate_bearer(runtime: Runtime, header: str, session: Any) -> tuple[Actor, str | None]:
    """The caller from an ``Authorization`` value ``Bearer <JWT or API token>``."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return ANONYMOUS, "Authorization header must be 'Bearer <token>'"
    token = token.strip()
    try:
        if token.startswith(API_TOKEN_PREFIX):
            return await authenticate_api_token(session, token), None
        return decode_access_token(token, runtime.settings.secret_key), None
    except TokenError as exc:
        return ANONYMOUS, str(exc)


def error_response(status: int, message: str, code: str, **extra: object) -> Response:
    """A GraphQL-shaped JSON error body, for requests refused before execution."""
    return Response(orjson.dumps({"errors": [{"message": message,
                                              "extensions": {"code": code, **extra}}]}),
                    status_code=status, media_type="application/json")


#: Where a request's database sessions are kept (in its ASGI scope) until it ends.
_SESSIONS = "shopdb.sessions"
#: Where a request's loaders are kept (in its ASGI scope) until it ends.
_LOADERS = "shopdb.loaders"


class SchemaView(GraphQL[Context, None]):
    """Strawberry's ASGI view bound to one served schema and the runtime."""

    def __init__(self, runtime: Runtime, served: Served,
                 persisted: PersistedQueries | None = None) -> None:
        super().__init__(served.schema, graphql_ide="graphiql", allow_queries_via_get=False,
                         keep_alive=True, keep_alive_interval=15)
        self.runtime = runtime
        self.served = served
        self.persisted = persisted if persisted is not None else PersistedQueries()

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from this server's own bundle, to whom SHOPDB_GRAPHIQL lets see it."""
        settings = self.runtime.settings
        session = self.runtime.db.sessions()
        try:
            actor, _ = await authenticate(self.runtime, request, session)
        finally:
            await session.close()
        return graphiql_page(settings.frontend_dist, settings.graphiql_access, actor.authenticated)

    def encode_json(self, data: object) -> str:
        # orjson, as text: websocket messages must stay text frames for browser clients.
        try:
            return orjson.dumps(data).decode()
        except TypeError:  # an integer beyond 64 bits (a limit error quoting a huge cost)
            return json.dumps(data, default=str)

    async def process_result(self, request: Request, result: Any) -> Any:
        """The HTTP body of a result: every error carries ``extensions.code``, also those
        raised before our extensions could see them (the parser's token limit)."""
        body: dict[str, Any] = dict(await super().process_result(request, result))
        for error in body.get("errors") or []:
            extensions = error.get("extensions") or {}
            if "code" not in extensions:
                error["extensions"] = {**extensions, "code": code_of(error.get("message", ""))}
        return body

    def decode_json(self, data: str | bytes) -> object:
        # orjson refuses what json would let through to a 500 later: invalid UTF-8, lone
        # surrogates, nesting deeper than 1024 levels (json raised RecursionError).
        return orjson.loads(data)

    def parse_json(self, data: str | bytes) -> Any:
        try:
            parsed = self.decode_json(data)
        except (ValueError, RecursionError) as exc:
            raise HTTPException(400, "The body is not valid JSON (UTF-8, at most 1,024 levels "
                                     "deep)") from exc
        if not isinstance(parsed, dict | list):
            raise HTTPException(400, 'The body must be a JSON object: {"query": "...", '
                                     '"variables": {...}}')
        return parsed

    async def parse_http_body(self, request: Any) -> Any:
        """The request's operation(s), a persisted query's document filled in by its hash."""
        data = await super().parse_http_body(request)
        if isinstance(data, list):
            return [self.persisted.resolve(item) for item in data]
        return self.persisted.resolve(data)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as exc:
            response = error_response(exc.status_code, exc.reason,
                                      getattr(exc, "code", "BAD_REQUEST"))
        except ClientDisconnect:
            # The client went away while sending its body: nothing was run and nobody is
            # left to read the answer (uvicorn drops it). Not a server error.
            log.info("client disconnected before its request body arrived")
            response = error_response(400, "The request body did not arrive", "BAD_REQUEST")
        except Exception as exc:  # a failure before or around execution: never plain text
            request_id = scope.get("state", {}).get("request_id") or "-"
            if is_unavailable(exc):
                error = unavailable(request_id, exc)
                response = error_response(503, error.message, "UNAVAILABLE",
                                          **{k: v for k, v in (error.extensions or {}).items()
                                             if k != "code"})
            else:
                log.error("unexpected error handling a GraphQL request (request %s)", request_id,
                          exc_info=exc)
                response = error_response(500, f"Internal server error (request {request_id})",
                                          "INTERNAL_SERVER_ERROR", requestId=request_id)
        await response(scope, receive, send)

    async def get_context(self, request: Request | WebSocket,
                          response: Response | WebSocket) -> Context:
        session = self.runtime.db.sessions()
        # Closed when the request ends whatever happens next (a body that does not parse,
        # a refused operation): SwappableGraphQL.__call__.
        loaders = Loaders(session, self.served.active.kinds)
        if isinstance(request, Request):
            request.scope.setdefault(_SESSIONS, []).append(session)
            request.scope.setdefault(_LOADERS, []).append(loaders)
        actor, error = await authenticate(self.runtime, request, session)
        return Context(
            request=request, response=response if isinstance(response, Response) else None,
            runtime=self.runtime, active=self.served.active, session=session, actor=actor,
            loaders=loaders, auth_error=error,
            request_id=request.scope.get("state", {}).get("request_id") or "-",
            source=(request.headers.get("x-shopdb-source") or "api")[:120],
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Authenticate a websocket at ``connection_init``; refuse it (close 4403) if anonymous.

        Browsers cannot set headers on a websocket, so the payload may carry
        ``{"Authorization": "Bearer ..."}``; otherwise the handshake's header or cookie counts.
        """
        params = context.connection_params or {}
        header = next((str(v) for k, v in params.items() if k.lower() == "authorization"), None)
        if header is not None:
            context.actor, context.auth_error = await authenticate_bearer(
                self.runtime, header, context.session)
            try:
                context.actor = await self.runtime.accounts.current(context.session,
                                                                    context.actor)
            except TokenError as exc:
                context.actor, context.auth_error = ANONYMOUS, str(exc)
            await context.session.close()
        if not context.actor.authenticated:
            raise ConnectionRejectionError({"message": context.auth_error
                                            or "Authentication required: send a Bearer token"})
        return UNSET


class SwappableGraphQL:
    """ASGI app delegating to the view of the currently served schema."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._view: SchemaView | None = None
        # Documents do not depend on the schema: the store outlives schema swaps.
        self.persisted = PersistedQueries()
        limit = runtime.settings.max_concurrent_requests
        self._admission = Admission(limit, _end_request) if limit > 0 else None

    def view(self) -> SchemaView:
        served = self.runtime.served
        assert served is not None, "runtime not started"
        if self._view is None or self._view.served is not served:
            self._view = SchemaView(self.runtime, served, self.persisted)
        return self._view

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._admission is None:
            await self._serve(scope, receive, send)
            return
        # At most SHOPDB_MAX_CONCURRENT_REQUESTS operations run at once in this worker; the
        # others wait their turn in arrival order, so a burst queues instead of slowing every
        # request alike (graphql/admission.py).
        await self._admission(self._serve, scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.view()(scope, receive, send)
        finally:
            await _end_request(scope)


async def _end_request(scope: Scope) -> None:
    """Release what a request held once its answer is made: its sessions (their connections
    go back to the pool), then its loaders' rows and objects (Loaders.release)."""
    for session in scope.pop(_SESSIONS, ()):
        await session.close()
    for loaders in scope.pop(_LOADERS, ()):
        loaders.release()
