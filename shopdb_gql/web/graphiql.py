"""GraphiQL at ``GET /graphql``: the bundle built from npm (frontend/graphiql), never a CDN.

Who sees it is SHOPDB_GRAPHIQL (on | authenticated | off). An anonymous visitor under
``authenticated`` gets a sign-in hint linking to the UI's login (the browser then carries the
session cookie back here); ``off`` answers 404, as if there were no IDE.
"""

from __future__ import annotations

from pathlib import Path

from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles

from shopdb_gql.settings import Access

GRAPHIQL_DIR = "graphiql"
"""Where the GraphiQL bundle lands inside SHOPDB_FRONTEND_DIST, served at ``/graphiql/``."""

NOT_BUILT = """<!doctype html><meta charset=utf-8><title>GraphiQL is not built</title>
<h1>GraphiQL is not built</h1>
<p>This server serves GraphiQL from its own files, built from npm packages. Build them with
<code>make frontend-build</code> (or <code>cd frontend/graphiql &amp;&amp; npm ci &amp;&amp;
npm run build</code>) and reload this page.</p>
<p>The API itself works: <code>POST /graphql</code> with a JSON body.</p>"""

SIGN_IN = """<!doctype html><meta charset=utf-8><title>GraphiQL: sign in</title>
<h1>Sign in to use GraphiQL</h1>
<p>GraphiQL and schema introspection are for signed-in users on this server.
<a href="/login">Log in</a>, then open <a href="/graphql">/graphql</a> again.</p>
<p>Integrators without a UI account call <code>POST /graphql</code> with
<code>Authorization: Bearer &lt;API token&gt;</code>.</p>"""

DISABLED = """<!doctype html><meta charset=utf-8><title>Not found</title>
<h1>Not found</h1><p>GraphiQL is disabled on this server.</p>"""


def graphiql_page(dist: Path, access: Access, authenticated: bool) -> Response:
    """The response to a browser's ``GET /graphql`` for this visitor."""
    if access is Access.OFF:
        return HTMLResponse(DISABLED, status_code=404)
    if access is Access.AUTHENTICATED and not authenticated:
        return HTMLResponse(SIGN_IN)
    index = dist / GRAPHIQL_DIR / "index.html"
    if not index.is_file():
        return HTMLResponse(NOT_BUILT)
    return HTMLResponse(index.read_text(encoding="utf-8"), headers={"cache-control": "no-cache"})


def graphiql_assets(dist: Path) -> StaticFiles | None:
    """The bundle's hashed scripts, styles and workers, if it is built."""
    directory = dist / GRAPHIQL_DIR
    return StaticFiles(directory=directory) if directory.is_dir() else None
