"""The live server answers GraphQL over HTTP with the demo data."""

from __future__ import annotations

import httpx

from tests.harness import Client, Server


def test_assets_page_over_http(viewer: Client) -> None:
    data = viewer.data("{ assets(first: 5) { totalCount nodes { id assetTag kind } } }")
    assert data["assets"]["totalCount"] >= 200  # the demo site; other tests may add assets
    assert len(data["assets"]["nodes"]) == 5


def test_the_favicon_is_served_whether_or_not_the_ui_is_built(server: Server) -> None:
    """Browsers asked /favicon.ico on every page and got a 404 (issue #13 item 10)."""
    for path in ("/favicon.ico", "/favicon.svg"):
        response = httpx.get(f"{server.url}{path}")
        assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"
        assert response.content.startswith(b"<svg")
