"""Plugins beyond GraphQL types (#17 parts 2 and 3): HTTP routes under /plugins/<name>/ with
the app's authentication, permissions, limits and error masking, appearing and disappearing
with the plugin at runtime; and a service one plugin offers another that declares it as a
dependency (tests/plugins/services: svcprovider and svcconsumer), over HTTP."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx
import pytest

from shopdb_gql.plugins import PluginServiceError
from shopdb_gql.plugins.loader import load_plugins
from tests import harness

HERE = Path(__file__).parent / "services"
TOGGLE = """mutation($name: String!, $enabled: Boolean!) {
  setPluginEnabled(name: $name, enabled: $enabled) { plugin { enabled } errors { code message } } }"""


@dataclass
class Site:
    server: harness.Server
    tokens: dict[str, str]

    def get(self, path: str, role: str | None = "viewer", **kw: Any) -> httpx.Response:
        return httpx.get(f"{self.server.url}{path}", headers=self._auth(role), timeout=30, **kw)

    def post(self, path: str, role: str | None = "editor", **kw: Any) -> httpx.Response:
        headers = {**self._auth(role), **kw.pop("headers", {})}
        return httpx.post(f"{self.server.url}{path}", headers=headers, timeout=30, **kw)

    def _auth(self, role: str | None) -> dict[str, str]:
        return {"authorization": f"Bearer {self.tokens[role]}"} if role else {}

    def client(self, role: str) -> harness.Client:
        return harness.Client(self.server.url, self.tokens[role])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    plugins = tmp_path_factory.mktemp("plugins")
    for name in ("svcprovider", "svcconsumer"):
        (plugins / name).symlink_to(HERE / name, target_is_directory=True)
    with harness.fresh_database(tmp_path_factory.mktemp("routes")) as url:
        settings = harness.test_settings(url, bundled_plugins_dir=plugins, max_body_bytes=20_000)
        harness.prepare(settings, demo=True)
        server = harness.Server(settings).start()
        try:
            anonymous = harness.Client(server.url)
            yield Site(server, {role: harness.login(anonymous, role, pw)["accessToken"]
                                for role, pw in harness.PASSWORDS.items()})
        finally:
            server.stop()


def code(response: httpx.Response) -> str:
    assert response.headers["content-type"].startswith("application/json"), response.text
    value: str = response.json()["errors"][0]["extensions"]["code"]
    return value


def test_a_plugin_uses_another_plugins_service_through_the_api(site: Site) -> None:
    viewer = site.client("viewer")
    total = viewer.data("{ assets(first: 1) { totalCount } }")["assets"]["totalCount"]
    assert total > 0
    assert viewer.data("{ svcAssetCount }") == {"svcAssetCount": total}
    response = site.get("/plugins/svcconsumer/count")
    assert response.status_code == 200 and response.json() == {"count": total, "caller": "viewer"}


class Counter(Protocol):
    async def count(self, session: Any) -> int: ...


def test_services_need_a_declared_dependency_and_the_right_type() -> None:
    records = load_plugins([HERE], strict=True)
    provider, consumer = records["svcprovider"].plugin, records["svcconsumer"].plugin
    assert provider is not None and consumer is not None
    with pytest.raises(PluginServiceError, match="without declaring it"):
        provider.uses("svcconsumer", object)
    with pytest.raises(PluginServiceError, match="is not a int"):
        consumer.uses("svcprovider", int)
    with pytest.raises(PluginServiceError, match="runtime_checkable"):
        consumer.uses("svcprovider", Counter)


def test_routes_check_who_calls_like_graphql(site: Site) -> None:
    assert site.get("/plugins/svcconsumer/count", role=None).status_code == 401
    assert code(site.get("/plugins/svcconsumer/count", role=None)) == "UNAUTHENTICATED"
    # An API token with the read scope is a caller too.
    secret = site.client("admin").data("""mutation { createApiToken(input: {name: "routes",
        scopes: ["read"]}) { secret } }""")["createApiToken"]["secret"]
    with_token = httpx.get(f"{site.server.url}/plugins/svcconsumer/count",
                           headers={"authorization": f"Bearer {secret}"})
    assert with_token.status_code == 200, with_token.text
    assert site.post("/plugins/svcconsumer/echo", content=b"abc").text == "3 bytes from editor"
    assert code(site.post("/plugins/svcconsumer/echo", role="viewer", content=b"x")) == "FORBIDDEN"
    assert code(site.get("/plugins/svcconsumer/admin-only", role="editor")) == "FORBIDDEN"
    assert site.get("/plugins/svcconsumer/admin-only", role="admin").status_code == 200
    # A public route (a webhook receiver) checks its own secret.
    hook = site.post("/plugins/svcconsumer/hook", role=None, headers={"x-hook-secret": "s3cret-hook"})
    assert hook.json() == {"accepted": True, "anonymous": True}
    assert site.post("/plugins/svcconsumer/hook", role=None).json() == {"accepted": False}


def test_a_browser_session_needs_the_csrf_header_to_write(site: Site) -> None:
    with httpx.Client(base_url=site.server.url) as browser:
        browser.post("/graphql", json={"query": harness.LOGIN, "variables": {
            "u": "editor", "p": harness.PASSWORDS["editor"]}})
        assert browser.cookies.get("shopdb_access")
        assert browser.get("/plugins/svcconsumer/count").status_code == 200  # a read
        refused = browser.post("/plugins/svcconsumer/echo", content=b"x")
        assert refused.status_code == 401 and "CSRF" in refused.json()["errors"][0]["message"]
        allowed = browser.post("/plugins/svcconsumer/echo", content=b"xy",
                               headers={"x-csrf-token": browser.cookies["shopdb_csrf"]})
        assert allowed.status_code == 200 and allowed.text == "2 bytes from editor"


def test_routes_mask_errors_limit_bodies_and_match_paths(site: Site) -> None:
    boom = site.get("/plugins/svcconsumer/boom")
    assert boom.status_code == 500 and code(boom) == "INTERNAL_SERVER_ERROR"
    assert "secret database detail" not in boom.text
    assert boom.json()["errors"][0]["extensions"]["requestId"] == boom.headers["x-request-id"]
    assert site.get("/plugins/svcconsumer/items/42").json() == {"id": 42, "type": "int"}
    assert code(site.get("/plugins/svcconsumer/items/abc")) == "NOT_FOUND"
    assert site.get("/plugins/svcconsumer/nothing").status_code == 404
    assert site.get("/plugins/nosuchplugin/count").status_code == 404
    assert site.get("/plugins/svcprovider/count").status_code == 404  # serves no routes
    assert site.post("/plugins/svcconsumer/count").status_code == 405
    big = site.post("/plugins/svcconsumer/echo", content=b"x" * 50_000)
    assert big.status_code == 413


def test_routes_come_and_go_with_their_plugin_and_are_listed(site: Site) -> None:
    admin = site.client("admin")
    listed = admin.data("{ plugins { name routes { url methods permission } } }")["plugins"]
    routes = {r["url"]: r for p in listed for r in p["routes"]}
    assert routes["/plugins/svcconsumer/echo"] == {"url": "/plugins/svcconsumer/echo",
                                                   "methods": ["POST"], "permission": "write"}
    assert routes["/plugins/svcconsumer/hook"]["permission"] is None
    # The provider cannot go while the consumer needs it.
    refused = admin.data(TOGGLE, {"name": "svcprovider", "enabled": False})["setPluginEnabled"]
    assert refused["errors"], refused
    admin.data(TOGGLE, {"name": "svcconsumer", "enabled": False})
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and site.get("/plugins/svcconsumer/count").status_code == 200:
            time.sleep(0.2)
        assert code(site.get("/plugins/svcconsumer/count")) == "NOT_FOUND"
    finally:
        admin.data(TOGGLE, {"name": "svcconsumer", "enabled": True})
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and site.get("/plugins/svcconsumer/count").status_code != 200:
        time.sleep(0.2)
    assert site.get("/plugins/svcconsumer/count").status_code == 200
