"""The live server answers GraphQL over HTTP with the demo data."""

from __future__ import annotations

from tests.harness import Client


def test_assets_page_over_http(viewer: Client) -> None:
    data = viewer.data("{ assets(first: 5) { totalCount nodes { id assetTag kind } } }")
    assert data["assets"]["totalCount"] >= 200  # the demo site; other tests may add assets
    assert len(data["assets"]["nodes"]) == 5
