"""Serving the built frontend at ``/``, with the SPA fallback so deep links survive a reload."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

PLACEHOLDER = """<!doctype html><meta charset=utf-8><title>shopdb-gql</title>
<h1>shopdb-gql</h1><p>The frontend is not built. Run <code>make run</code>, or explore the API in
<a href="/graphql">GraphiQL</a>.</p>"""


class SpaFiles(StaticFiles):
    """Static files, falling back to index.html for unknown paths without a file extension."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or "." in Path(path).name:
                raise
            return FileResponse(Path(str(self.directory)) / "index.html")


def frontend_app(dist: Path) -> SpaFiles | None:
    if (dist / "index.html").is_file():
        return SpaFiles(directory=dist, html=True)
    return None


async def placeholder(request: Request) -> HTMLResponse:
    return HTMLResponse(PLACEHOLDER)
