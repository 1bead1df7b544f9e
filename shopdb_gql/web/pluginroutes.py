"""HTTP routes of plugins: ``/plugins/<name>/<path>``.

One Starlette route takes every request under ``/plugins/``; for each it looks the plugin
up in the schema generation being served, so a plugin's routes come and go with the plugin
at runtime (a plugin toggle swaps them on every worker within the schema poll). The plugin's
:class:`~shopdb_gql.plugins.PluginRoute` records are matched with Starlette's own path
syntax. Before a handler runs the caller is authenticated as for ``/graphql`` (Bearer JWT or
API token; the session cookie, with the CSRF header for anything but GET/HEAD) and must hold
the route's permission (``read``/``write``/``admin``; None lets anyone in). The body limit
and the request id come from the app's middleware; an exception in a handler is logged with
the request id and answered as a masked JSON 500, never plain text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import compile_path

from shopdb_gql.graphql.view import authenticate, error_response
from shopdb_gql.plugins.loader import PluginRecord
from shopdb_gql.plugins.spec import PluginRequest, PluginRoute
from shopdb_gql.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Compiled:
    route: PluginRoute
    pattern: re.Pattern[str]
    convertors: dict[str, Any]


_compiled: dict[int, _Compiled] = {}


def _compile(route: PluginRoute) -> _Compiled:
    key = id(route)
    found = _compiled.get(key)
    if found is None or found.route is not route:
        pattern, _, convertors = compile_path(route.path)
        found = _compiled[key] = _Compiled(route, pattern, convertors)
    return found


def _match(routes: tuple[PluginRoute, ...], path: str,
           method: str) -> tuple[PluginRoute | None, dict[str, Any], bool]:
    """(route, path params, whether the path matched some route with another method)."""
    other_method = False
    for route in routes:
        compiled = _compile(route)
        match = compiled.pattern.match(path)
        if match is None:
            continue
        allowed = set(route.methods) | ({"HEAD"} if "GET" in route.methods else set())
        if method not in allowed:
            other_method = True
            continue
        params = {k: compiled.convertors[k].convert(v) for k, v in match.groupdict().items()}
        return route, params, False
    return None, {}, other_method


UI_MEDIA_TYPES = {
    ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
    ".map": "application/json", ".json": "application/json", ".svg": "image/svg+xml",
    ".png": "image/png", ".woff2": "font/woff2",
}
"""What a plugin's ``ui/`` folder may serve; anything else there is not sent."""


def ui_file(folder: Path, rest: str) -> Path | None:
    """The file under ``folder/ui`` that ``rest`` (``ui/...``) names, if it may be served."""
    root = (folder / "ui").resolve()
    try:
        target = (folder / rest).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if not target.is_relative_to(root) or target.suffix not in UI_MEDIA_TYPES:
        return None
    return target if target.is_file() else None


def _serve_ui(request: Request, record: PluginRecord, rest: str) -> Response:
    if request.method not in ("GET", "HEAD"):
        return error_response(405, f"{request.method} is not allowed here", "BAD_REQUEST")
    target = ui_file(record.path, rest) if record.manifest and record.manifest.ui else None
    if target is None:
        return error_response(404, f"Plugin {record.name!r} has no UI file {rest}", "NOT_FOUND")
    # Revalidated on every load, answered 304 while the file is the same: a plugin upgrade
    # or rebuild reaches browsers without a stale module, an unchanged one costs no body.
    headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
    response = FileResponse(target, media_type=UI_MEDIA_TYPES[target.suffix], headers=headers,
                            stat_result=target.stat())
    etag = response.headers["etag"]
    if etag in request.headers.get("if-none-match", "").replace("W/", "").split(", "):
        return Response(status_code=304, headers={**headers, "ETag": etag})
    return response


async def plugin_route(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    name = request.path_params["plugin"]
    rest = request.path_params["rest"]
    path = "/" + rest
    served = runtime.served
    record = next((r for r in served.active.records if r.name == name), None) if served else None
    if record is not None and rest.startswith("ui/"):
        # The browser bundle (manifest "ui"): public like the app's own scripts, gone with
        # the plugin.
        return _serve_ui(request, record, rest)
    routes: tuple[PluginRoute, ...] = record.contributions.routes if (
        record is not None and record.contributions is not None) else ()
    if not routes:
        return error_response(404, f"No enabled plugin {name!r} serves {request.url.path}",
                              "NOT_FOUND")
    route, params, other_method = _match(routes, path, request.method)
    if route is None:
        if other_method:
            return error_response(405, f"{request.method} is not allowed here", "BAD_REQUEST")
        return error_response(404, f"Plugin {name!r} serves nothing at {path}", "NOT_FOUND")
    request_id = request.scope.get("state", {}).get("request_id") or "-"
    async with runtime.db.session() as session:
        actor, problem = await authenticate(runtime, request, session)
        if route.permission is not None:
            if problem or not actor.authenticated:
                return error_response(401, problem or "Authentication required: log in or send "
                                      "a token", "UNAUTHENTICATED")
            if not actor.has(route.permission):
                return error_response(403, f"This route requires the {route.permission!r} "
                                      "permission", "FORBIDDEN")
        try:
            result = await route.handler(PluginRequest(request, actor, session, params))
        except HTTPException as exc:
            return error_response(exc.status_code, str(exc.detail), "BAD_REQUEST")
        except Exception:
            log.exception("plugin %s route %s failed (request %s)", name, route.path, request_id)
            return error_response(500, f"Internal server error (request {request_id})",
                                  "INTERNAL_SERVER_ERROR", requestId=request_id)
    if isinstance(result, Response):
        return result
    try:
        return Response(orjson.dumps(result), media_type="application/json")
    except TypeError:
        log.error("plugin %s route %s returned %s, not a Response or JSON (request %s)",
                  name, route.path, type(result).__name__, request_id)
        return error_response(500, f"Internal server error (request {request_id})",
                              "INTERNAL_SERVER_ERROR", requestId=request_id)
