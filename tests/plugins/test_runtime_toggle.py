"""Enabling and disabling the dummy plugin at runtime, over real HTTP."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from shopdb_gql.core.settingstore import get_setting
from shopdb_gql.db.engine import Database
from tests.harness import Client, Server, error_codes

CREATE = """mutation($input: DummyWidgetInput!) {
  createDummyWidget(input: $input) {
    dummyWidget { id assetTag name kind color size }
    errors { field message code }
  }
}"""
TOGGLE = """mutation($name: String!, $enabled: Boolean!) {
  setPluginEnabled(name: $name, enabled: $enabled) {
    plugin { name enabled status }
    errors { field message code }
  }
}"""
ASSET = """query($id: ID!) {
  asset(id: $id) { __typename id assetTag name kind ... on DummyWidget { color size } }
}"""
WIDGETS_PAGE = """query($first: Int) {
  dummyWidgets(first: $first) {
    totalCount
    nodes { id assetTag name color size status { name } location { name } }
  }
}"""
ASSETS_PAGE = """query($first: Int) {
  assets(filter: {kinds: ["dummywidget"]}, first: $first) {
    totalCount
    nodes { __typename id name status { name } location { name } ... on DummyWidget { color size } }
  }
}"""


def create_widget(client: Client, **fields: Any) -> dict[str, Any]:
    values = {"name": f"widget-{uuid.uuid4().hex[:8]}", "color": "teal", "size": 7, **fields}
    payload: dict[str, Any] = client.data(CREATE, {"input": values})["createDummyWidget"]
    assert payload["errors"] == []
    widget: dict[str, Any] = payload["dummyWidget"]
    return widget


def toggle(client: Client, enabled: bool, name: str = "dummy") -> dict[str, Any]:
    payload: dict[str, Any] = client.data(TOGGLE, {"name": name, "enabled": enabled})[
        "setPluginEnabled"]
    return payload


@pytest.fixture(scope="module")
def admin(dummy_clients: dict[str, Client]) -> Client:
    return dummy_clients["admin"]


@pytest.fixture(scope="module")
def editor(dummy_clients: dict[str, Client]) -> Client:
    return dummy_clients["editor"]


@pytest.fixture(scope="module")
def widgets(editor: Client) -> list[dict[str, Any]]:
    """Thirty widgets, enough for the statement-count comparison of 10 vs 30 items."""
    return [create_widget(editor, size=i) for i in range(30)]


@pytest.fixture
def enabled_after(admin: Client) -> Iterator[None]:
    """Whatever a test toggles, the dummy plugin is enabled again afterwards."""
    yield
    assert toggle(admin, True)["errors"] == []


def plugin_setting(database_url: str, key: str) -> Any:
    async def read() -> Any:
        db = Database(database_url)
        try:
            async with db.session() as session:
                return await get_setting(session, f"plugin.dummy.{key}")
        finally:
            await db.dispose()

    return asyncio.run(read())


def request_statements(server: Server) -> list[str]:
    """Statements counted, minus the schema poller's (it reads settings every 0.3 s)."""
    return [s for s in server.counter.statements
            if "FROM settings" not in s and "FROM pluginstates" not in s]


def test_dummy_widgets_lists_created_widget(editor: Client) -> None:
    widget = create_widget(editor, color="plum", size=12)
    assert widget["kind"] == "dummywidget" and widget["assetTag"]
    nodes = editor.data(WIDGETS_PAGE, {"first": 500})["dummyWidgets"]["nodes"]
    found = [n for n in nodes if n["id"] == widget["id"]]
    assert found and found[0]["color"] == "plum" and found[0]["size"] == 12
    assert found[0]["status"]["name"]


def test_created_widget_is_a_dummy_widget_among_assets(editor: Client) -> None:
    widget = create_widget(editor, color="amber", size=3)
    asset = editor.data(ASSET, {"id": widget["id"]})["asset"]
    assert asset["__typename"] == "DummyWidget"
    assert (asset["color"], asset["size"]) == ("amber", 3)
    found = editor.data("""query($t: String!) { assets(filter: {text: $t}) {
        nodes { __typename id } } }""", {"t": "amber"})["assets"]["nodes"]
    assert {"__typename": "DummyWidget", "id": widget["id"]} in found


def test_update_and_delete_dummy_widget(editor: Client) -> None:
    widget = create_widget(editor)
    updated = editor.data("""mutation($id: ID!) { updateDummyWidget(id: $id, input: {color: "red"}) {
        dummyWidget { color size } errors { code } } }""", {"id": widget["id"]})["updateDummyWidget"]
    assert updated == {"dummyWidget": {"color": "red", "size": 7}, "errors": []}
    deleted = editor.data("""mutation($id: ID!) { deleteDummyWidget(id: $id) {
        deletedId errors { code } } }""", {"id": widget["id"]})["deleteDummyWidget"]
    assert deleted == {"deletedId": widget["id"], "errors": []}
    assert editor.data(ASSET, {"id": widget["id"]})["asset"] is None


def test_disable_then_enable_swaps_schema_and_keeps_data(
    admin: Client, dummy_database: str, enabled_after: None
) -> None:
    widget = create_widget(admin, color="violet", size=42)
    disables_before = plugin_setting(dummy_database, "disablecalls") or 0
    enables_before = plugin_setting(dummy_database, "enablecalls") or 0

    off = toggle(admin, False)
    assert off == {"plugin": {"name": "dummy", "enabled": False, "status": "DISABLED"}, "errors": []}
    body = admin.execute(WIDGETS_PAGE, {"first": 5})
    assert body.get("data") is None
    assert any("Cannot query field 'dummyWidgets'" in e["message"] for e in body["errors"])
    generic = admin.data("query($id: ID!) { asset(id: $id) { __typename id assetTag name kind } }",
                         {"id": widget["id"]})["asset"]
    assert generic == {"__typename": "GenericAsset", "id": widget["id"],
                       "assetTag": widget["assetTag"], "name": widget["name"], "kind": "dummywidget"}
    keys = [n["key"] for n in admin.data("{ navigation { key } }")["navigation"]]
    assert "dummywidgets" not in keys and "assets" in keys
    assert plugin_setting(dummy_database, "disablecalls") == disables_before + 1

    on = toggle(admin, True)
    assert on == {"plugin": {"name": "dummy", "enabled": True, "status": "ENABLED"}, "errors": []}
    back = admin.data(ASSET, {"id": widget["id"]})["asset"]
    assert back["__typename"] == "DummyWidget" and (back["color"], back["size"]) == ("violet", 42)
    keys = [n["key"] for n in admin.data("{ navigation { key } }")["navigation"]]
    assert "dummywidgets" in keys
    assert plugin_setting(dummy_database, "enablecalls") == enables_before + 1

    log = admin.data("""{ auditLog(filter: {objectType: "plugin", objectId: "dummy"}, first: 500) {
        nodes { action actorName changes { field old new } } } }""")["auditLog"]["nodes"]
    actions = {entry["action"] for entry in log if entry["actorName"] == "admin"}
    assert {"disable", "enable"} <= actions


def test_an_enabled_plugin_hears_committed_changes_a_disabled_one_does_not(
    admin: Client, enabled_after: None
) -> None:
    widget = create_widget(admin)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and f"asset.created:{widget['id']}" not in heard(admin):
        time.sleep(0.05)
    assert f"asset.created:{widget['id']}" in heard(admin)
    assert toggle(admin, False)["errors"] == []
    try:
        quiet = admin.data("""mutation($input: LocationInput!) { createLocation(input: $input) {
            location { id } } }""", {"input": {"name": f"ev-{uuid.uuid4().hex[:6]}"}})
    finally:
        assert toggle(admin, True)["errors"] == []
    made = quiet["createLocation"]["location"]["id"]
    time.sleep(0.5)
    assert f"location.created:{made}" not in heard(admin)
    # The plugin's own enable is an event it hears (it is enabled again by then).
    later = create_widget(admin)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and f"asset.created:{later['id']}" not in heard(admin):
        time.sleep(0.05)
    assert f"asset.created:{later['id']}" in heard(admin)


def heard(client: Client) -> list[str]:
    events: list[str] = client.data("{ dummyEvents }")["dummyEvents"]
    return events


def test_non_admin_cannot_toggle(dummy_clients: dict[str, Client], admin: Client) -> None:
    for role in ("editor", "viewer"):
        body = dummy_clients[role].execute(TOGGLE, {"name": "dummy", "enabled": False})
        assert error_codes(body) == ["FORBIDDEN"]
    plugins = admin.data("{ plugins { name enabled } }")["plugins"]
    assert {"name": "dummy", "enabled": True} in plugins


def test_toggling_unknown_plugin_is_not_found(admin: Client) -> None:
    payload = toggle(admin, False, name=f"nosuch{uuid.uuid4().hex[:6]}")
    assert payload["plugin"] is None
    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]


def test_plugins_query_lists_dummy_with_status(editor: Client) -> None:
    plugins = editor.data("""{ plugins { name version description enabled status error
        coreVersion assetKinds } }""")["plugins"]
    dummy = next(p for p in plugins if p["name"] == "dummy")
    assert dummy["version"] == "1.0.0" and dummy["status"] == "ENABLED" and dummy["enabled"]
    assert dummy["error"] is None and dummy["assetKinds"] == ["dummywidget"]
    kinds = editor.data("{ assetKinds { kind plugin typeName } }")["assetKinds"]
    assert {"kind": "dummywidget", "plugin": "dummy", "typeName": "DummyWidget"} in kinds


def test_dashboard_has_dummy_widget(editor: Client) -> None:
    tiles = editor.data("{ dashboard { key plugin value } }")["dashboard"]
    tile = next(t for t in tiles if t["key"] == "dummycount")
    assert tile["plugin"] == "dummy" and tile["value"] >= 1


@pytest.mark.parametrize(("query", "root"), [(WIDGETS_PAGE, "dummyWidgets"),
                                             (ASSETS_PAGE, "assets")])
def test_statement_count_does_not_grow_with_page_size(
    dummy_server: Server, editor: Client, widgets: list[dict[str, Any]], query: str, root: str
) -> None:
    counts = []
    for size in (10, 30):
        dummy_server.counter.reset()
        nodes = editor.data(query, {"first": size})[root]["nodes"]
        counts.append(len(request_statements(dummy_server)))
        assert len(nodes) == size
        assert all(n.get("color") is not None for n in nodes)
    assert counts[0] == counts[1], request_statements(dummy_server)
