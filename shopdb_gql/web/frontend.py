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


#: The site icon (a map pin on the shop floor's blue), served whether or not the UI is built,
#: so browsers stop asking for /favicon.ico in vain on every page.
FAVICON = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
           b'<rect width="32" height="32" rx="6" fill="#1d4ed8"/>'
           b'<path d="M16 5a8 8 0 0 0-8 8c0 6 8 14 8 14s8-8 8-14a8 8 0 0 0-8-8z" fill="#fff"/>'
           b'<circle cx="16" cy="13" r="3" fill="#1d4ed8"/></svg>')


async def favicon(request: Request) -> Response:
    return Response(FAVICON, media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


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
