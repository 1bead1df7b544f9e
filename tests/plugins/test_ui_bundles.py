"""Plugins' UI bundles (#17 part 4), server side: the manifest's "ui" section is checked,
the enabled plugins' built bundles are listed (`uiExtensions`, `plugins { ui }`) and served
from the plugin's ui/ folder (nothing else of it, never outside it), and they come and go
with the plugin at runtime. The browser side is frontend/src/extensions (vitest) and
frontend/e2e/plugin-ui.spec.ts."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from shopdb_gql.plugins.errors import PluginManifestError
from shopdb_gql.plugins.manifest import read_manifest
from tests import harness

HERE = Path(__file__).parent / "uibundle"
UI = "{ uiExtensions { plugin version url apiVersion styles } }"
PLUGINS = "{ plugins { name ui { url apiVersion styles built } } }"
TOGGLE = """mutation($name: String!, $enabled: Boolean!) {
  setPluginEnabled(name: $name, enabled: $enabled) { plugin { enabled } errors { message } } }"""


@dataclass
class Site:
    server: harness.Server
    clients: dict[str, harness.Client]

    def get(self, path: str) -> httpx.Response:
        return httpx.get(f"{self.server.url}{path}", timeout=30)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    plugins = tmp_path_factory.mktemp("plugins")
    for name in ("uiwidget", "uinobuild"):
        shutil.copytree(HERE / name, plugins / name)
    # A file outside ui/ that a link inside it points at: never served.
    os.symlink("../../__init__.py", plugins / "uiwidget" / "ui" / "dist" / "leak.js")
    with harness.fresh_database(tmp_path_factory.mktemp("uibundles")) as url:
        settings = harness.test_settings(url, bundled_plugins_dir=plugins)
        harness.prepare(settings, demo=False)
        server = harness.Server(settings).start()
        try:
            anonymous = harness.Client(server.url)
            yield Site(server, {role: anonymous.as_token(harness.login(anonymous, role, pw)["accessToken"])
                                for role, pw in harness.PASSWORDS.items()})
        finally:
            server.stop()


def listed(site: Site) -> dict[str, dict[str, object]]:
    return {e["plugin"]: e for e in site.clients["viewer"].data(UI)["uiExtensions"]}


def test_the_built_bundles_of_enabled_plugins_are_listed(site: Site) -> None:
    found = listed(site)
    assert set(found) == {"uiwidget"}  # uinobuild's file does not exist: not offered
    widget = found["uiwidget"]
    assert widget["version"] == "1.2.0" and widget["apiVersion"] == "1.0"
    assert str(widget["url"]).startswith("/plugins/uiwidget/ui/dist/index.js?v=")
    assert widget["styles"] == ["/plugins/uiwidget/ui/dist/index.css"]
    admin = {p["name"]: p["ui"] for p in site.clients["admin"].data(PLUGINS)["plugins"]}
    assert admin["uinobuild"] == {"url": "/plugins/uinobuild/ui/dist/index.js", "apiVersion": "1.0",
                                  "styles": [], "built": False}
    assert admin["uiwidget"]["built"] is True


def test_the_module_and_its_styles_are_served_as_web_files(site: Site) -> None:
    url = str(listed(site)["uiwidget"]["url"])
    module = site.get(url)
    assert module.status_code == 200
    assert module.headers["content-type"].startswith("text/javascript")
    assert module.headers["x-content-type-options"] == "nosniff"
    assert module.headers["cache-control"] == "no-cache" and module.headers.get("etag")
    assert module.text == (HERE / "uiwidget/ui/dist/index.js").read_text()
    assert module.text.startswith("const { h } = window.shopdb.modules.vue")
    again = httpx.get(f"{site.server.url}{url}", headers={"if-none-match": module.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == module.headers["etag"]
    other = httpx.get(f"{site.server.url}{url}", headers={"if-none-match": '"stale"'})
    assert other.status_code == 200 and other.text == module.text
    css = site.get("/plugins/uiwidget/ui/dist/index.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


@pytest.mark.parametrize("path", [
    "/plugins/uiwidget/ui/notes.txt",  # not a web asset type
    "/plugins/uiwidget/ui/dist/missing.js",
    "/plugins/uiwidget/ui/dist/leak.js",  # a link out of ui/
    "/plugins/uiwidget/ui/%2e%2e/__init__.py",
    "/plugins/uiwidget/ui/dist/%2e%2e/%2e%2e/manifest.json",
    "/plugins/uiwidget/ui/..%2f__init__.py",
    "/plugins/uiwidget/ui/dist/index.js%00.css",
    "/plugins/uinobuild/ui/dist/index.js",
    "/plugins/nosuchplugin/ui/dist/index.js",
])
def test_nothing_else_is_served(site: Site, path: str) -> None:
    response = site.get(path)
    assert response.status_code == 404, (path, response.text)
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "import" not in response.text and "Plugin()" not in response.text


def test_only_get_and_head(site: Site) -> None:
    url = f"{site.server.url}/plugins/uiwidget/ui/dist/index.js"
    assert httpx.head(url).status_code == 200
    assert httpx.post(url, content=b"x").status_code == 405


def test_a_bundle_goes_and_comes_back_with_its_plugin(site: Site) -> None:
    admin = site.clients["admin"]
    url = str(listed(site)["uiwidget"]["url"])
    off = admin.data(TOGGLE, {"name": "uiwidget", "enabled": False})["setPluginEnabled"]
    assert off["errors"] == [] and off["plugin"]["enabled"] is False
    try:
        assert "uiwidget" not in listed(site)
        assert site.get(url).status_code == 404
    finally:
        on = admin.data(TOGGLE, {"name": "uiwidget", "enabled": True})["setPluginEnabled"]
        assert on["errors"] == []
    assert listed(site)["uiwidget"]["url"] == url
    assert site.get(url).status_code == 200


def test_signed_out_callers_get_no_list(site: Site) -> None:
    response = httpx.post(f"{site.server.url}/graphql", json={"query": UI}, timeout=30)
    errors = response.json()["errors"]
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


def _manifest(tmp_path: Path, ui: object) -> Path:
    folder = tmp_path / "uicheck"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({
        "name": "uicheck", "version": "1.0.0", "description": "x", "core_version": ">=1.5,<2",
        "ui": ui}))
    return folder


@pytest.mark.parametrize(("ui", "message"), [
    ("ui/index.js", "ui must be an object"),
    ({"api": "1.0"}, "ui.entry must be a .js file under the plugin's ui/ folder"),
    ({"entry": "index.js", "api": "1.0"}, "ui.entry must be a .js file"),
    ({"entry": "ui/../models.py", "api": "1.0"}, "ui.entry must be a .js file"),
    ({"entry": "ui/../../x.js", "api": "1.0"}, "ui.entry must be a .js file"),
    ({"entry": "/etc/x.js", "api": "1.0"}, "ui.entry must be a .js file"),
    ({"entry": "ui/index.js"}, "ui.api must be the UI extension API version"),
    ({"entry": "ui/index.js", "api": "1"}, "ui.api must be the UI extension API version"),
    ({"entry": "ui/index.js", "api": 1.0}, "ui.api must be the UI extension API version"),
    ({"entry": "ui/index.js", "api": "1.0", "styles": "ui/a.css"}, "ui.styles must be a list"),
    ({"entry": "ui/index.js", "api": "1.0", "styles": ["ui/a.js"]}, "ui.styles[] must be a .css file"),
    ({"entry": "ui/index.js", "api": "1.0", "script": "x"}, "ui has unknown keys ['script']"),
])
def test_a_bad_ui_section_is_refused_with_the_reason(tmp_path: Path, ui: object, message: str) -> None:
    with pytest.raises(PluginManifestError) as refused:
        read_manifest(_manifest(tmp_path, ui))
    assert message in str(refused.value)


def test_a_good_ui_section_is_read(tmp_path: Path) -> None:
    manifest = read_manifest(_manifest(tmp_path, {"entry": "ui/dist/index.js", "api": "1.2",
                                                  "styles": ["ui/dist/index.css"]}))
    assert manifest.ui is not None
    assert (manifest.ui.entry, manifest.ui.api, manifest.ui.styles) == (
        "ui/dist/index.js", "1.2", ("ui/dist/index.css",))
