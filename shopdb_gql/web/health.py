"""``/healthz`` (the process is alive) and ``/readyz`` (database reachable, migrations current)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from shopdb_gql.db.migrations import pending_heads


async def healthz(request: Request) -> JSONResponse:
    """Alive, and which schema generation this worker serves (from memory, no database):
    open pages poll it every second to follow a plugin toggle (frontend/src/composables/
    useSchemaFollower.ts)."""
    served = request.app.state.runtime.served
    return JSONResponse({"status": "ok",
                         "schemaGeneration": served.active.generation if served else None},
                        headers={"Cache-Control": "no-store"})


async def readyz(request: Request) -> JSONResponse:
    runtime = request.app.state.runtime
    try:
        pending = await pending_heads(runtime.db, runtime.settings)
    except Exception as exc:
        return JSONResponse({"status": "unavailable", "database": f"unreachable: {type(exc).__name__}"},
                            status_code=503)
    if pending:
        return JSONResponse({"status": "unavailable", "database": "ok",
                             "migrations": f"pending: {', '.join(sorted(pending))}; "
                                           "run `shopdb db upgrade`"}, status_code=503)
    served = runtime.served
    return JSONResponse({"status": "ok", "database": "ok", "migrations": "current",
                         "schemaGeneration": served.active.generation if served else None})
