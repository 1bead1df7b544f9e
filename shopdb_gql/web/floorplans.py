"""``GET /floorplans/<location id>``: a building's floor-plan image, for signed-in callers.

The browser's session cookie or a bearer token authenticates, as for ``/graphql``. An SVG is
checked for scripts on upload; it is also served with a policy that lets nothing in it run
or load, in case a browser opens it as a page.
"""

from __future__ import annotations

import base64

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from shopdb_gql.core import models
from shopdb_gql.graphql.view import authenticate


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]},
                        status_code=status)


async def floor_plan_image(request: Request) -> Response:
    runtime = request.app.state.runtime
    raw = request.path_params["location_id"]
    if not raw.isdigit() or len(raw) > 18:
        return _error(404, "NOT_FOUND", "No such floor plan")
    async with runtime.db.session() as session:
        actor, problem = await authenticate(runtime, request, session)
        if not actor.authenticated:
            return _error(401, "UNAUTHENTICATED", problem or "Sign in to see floor plans")
        if not actor.has("read"):
            return _error(403, "FORBIDDEN", "Floor plans require the 'read' permission")
        row = (await session.execute(select(models.FloorPlan.contenttype, models.FloorPlan.image)
                                     .where(models.FloorPlan.locationid == int(raw)))).first()
    if row is None:
        return _error(404, "NOT_FOUND", "This location has no floor plan")
    return Response(base64.b64decode(row.image), media_type=row.contenttype, headers={
        "Cache-Control": "private, max-age=86400",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        "X-Content-Type-Options": "nosniff",
    })
