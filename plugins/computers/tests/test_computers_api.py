"""The computers plugin over real HTTP: queries, filters, mutations, audit, toggling, SQL counts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness import Client
from tests.plugins.bundled import PluginSite, plugin_site

FIELDS = """id assetTag name kind serialNumber hostname osName osVersion pcType ipAddress
            macAddress loggedOnUser lastBootAt applications { name version }"""
LIST = f"""query($filter: ComputerFilter, $orderBy: [ComputerOrder!], $first: Int) {{
  computers(filter: $filter, orderBy: $orderBy, first: $first) {{
    totalCount nodes {{ {FIELDS} location {{ id name }} }} }} }}"""
ONE = f"""query($id: ID!) {{ computer(id: $id) {{ {FIELDS}
  position {{ source }} relationships {{ type inheritsPosition targetId }}
  controls {{ id assetTag }} }} }}"""
CREATE = f"""mutation($input: ComputerInput!) {{
  createComputer(input: $input) {{ computer {{ {FIELDS} }} errors {{ field message code }} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: ComputerUpdateInput!) {{
  updateComputer(id: $id, input: $input) {{ computer {{ {FIELDS} }} errors {{ field message code }} }} }}"""
DELETE = """mutation($id: ID!) { deleteComputer(id: $id) { deletedId errors { field code } } }"""
TOGGLE = """mutation($enabled: Boolean!) {
  setPluginEnabled(name: "computers", enabled: $enabled) { plugin { enabled } errors { message } } }"""
ASSET = """query($id: ID!) { asset(id: $id) { __typename id ... on Computer { hostname } } }"""
HISTORY = """query($id: String!) { auditLog(filter: {objectType: "asset", objectId: $id}) {
  nodes { action actorName changes { field old new } } } }"""
PAGE = """query($first: Int) { computers(first: $first) { totalCount
  nodes { id hostname pcType status { name } location { name } applications { name version } } } }"""
EQUIPMENT = """query { assets(filter: {kinds: ["equipment"]}, first: 1) { nodes { id } } }"""
INGEST = """mutation($records: [ComputerRecord!]!) {
  ingestComputers(source: "test", records: $records) { created } }"""
WIDGETS = """{ dashboard { key rows { label value } } navigation { key path kind } }"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PluginSite]:
    with plugin_site(Path(tmp_path_factory.mktemp("computers")), "computers") as s:
        yield s


@pytest.fixture(scope="module")
def editor(site: PluginSite) -> Client:
    return site.clients["editor"]


def create(client: Client, **fields: Any) -> dict[str, Any]:
    values = {"hostname": f"PC-{uuid.uuid4().hex[:8]}", "osName": "Windows 11", **fields}
    payload: dict[str, Any] = client.data(CREATE, {"input": values})["createComputer"]
    assert payload["errors"] == [], payload
    computer: dict[str, Any] = payload["computer"]
    return computer


def test_demo_data_lists_with_filters(editor: Client) -> None:
    all_pcs = editor.data(LIST, {"first": 500})["computers"]
    assert all_pcs["totalCount"] >= 70
    shop = editor.data(LIST, {"filter": {"pcTypes": ["SHOP_FLOOR"]}, "first": 500})["computers"]
    assert shop["totalCount"] == 40 and {n["pcType"] for n in shop["nodes"]} == {"SHOP_FLOOR"}
    ubuntu = editor.data(LIST, {"filter": {"os": "ubuntu"}, "first": 500})["computers"]
    assert all(n["osName"] == "Ubuntu" for n in ubuntu["nodes"])
    first = all_pcs["nodes"][0]
    by_text = editor.data(LIST, {"filter": {"text": first["ipAddress"]}})["computers"]
    assert first["id"] in {n["id"] for n in by_text["nodes"]}
    where = first["location"]["id"]
    here = editor.data(LIST, {"filter": {"locations": [where]}, "first": 500})["computers"]
    assert {n["location"]["id"] for n in here["nodes"]} == {where}
    ordered = editor.data(LIST, {"orderBy": [{"field": "HOSTNAME", "direction": "DESC"}],
                                 "first": 5})["computers"]["nodes"]
    names = [n["hostname"] for n in ordered]
    assert names == sorted(names, reverse=True)


def test_create_update_delete_with_audit(site: PluginSite, editor: Client) -> None:
    machine = editor.data(EQUIPMENT)["assets"]["nodes"][0]["id"]
    pc = create(editor, pcType="SHOP_FLOOR", controlsAssetId=machine,
                applications=[{"name": "Mastercam", "version": "2024"}])
    assert pc["name"] == pc["hostname"] and pc["applications"] == [
        {"name": "Mastercam", "version": "2024"}]
    one = editor.data(ONE, {"id": pc["id"]})["computer"]
    assert one["relationships"] == [{"type": "controls", "inheritsPosition": True,
                                     "targetId": machine}]
    assert one["controls"]["id"] == machine
    updated = editor.data(UPDATE, {"id": pc["id"], "input": {
        "osVersion": "23H2", "ipAddress": None, "applications": []}})["updateComputer"]
    assert updated["errors"] == []
    assert updated["computer"]["osVersion"] == "23H2" and updated["computer"]["osName"] == "Windows 11"
    assert updated["computer"]["applications"] == []
    history = site.clients["admin"].data(HISTORY, {"id": pc["id"]})["auditLog"]["nodes"]
    assert {"create", "update", "relate"} <= {e["action"] for e in history}
    assert all(e["actorName"] == "editor" for e in history)
    assert editor.data(DELETE, {"id": pc["id"]})["deleteComputer"]["deletedId"] == pc["id"]
    assert editor.data(ONE, {"id": pc["id"]})["computer"] is None


def test_typed_errors(editor: Client) -> None:
    bad = editor.data(CREATE, {"input": {"hostname": " "}})["createComputer"]
    assert bad["errors"][0]["code"] == "REQUIRED" and bad["errors"][0]["field"] == ["input", "hostname"]
    missing = editor.data(UPDATE, {"id": "987654", "input": {"osName": "x"}})["updateComputer"]
    assert missing["errors"][0]["code"] == "NOT_FOUND"
    where = editor.data(CREATE, {"input": {"hostname": "h-loc", "locationId": "987654"}})
    assert where["createComputer"]["errors"][0]["field"] == ["input", "locationId"]


def test_dashboard_and_navigation(editor: Client) -> None:
    data = editor.data(WIDGETS)
    assert {"key": "computers", "path": "/computers", "kind": "computer"} in data["navigation"]
    widget = next(w for w in data["dashboard"] if w["key"] == "computersbytype")
    assert sum(r["value"] for r in widget["rows"]) >= 70


def test_disable_keeps_data_as_generic_asset(site: PluginSite, editor: Client) -> None:
    admin = site.clients["admin"]
    pc = create(editor)
    try:
        assert admin.data(TOGGLE, {"enabled": False})["setPluginEnabled"]["errors"] == []
        _wait(editor, pc["id"], "GenericAsset")
    finally:
        assert admin.data(TOGGLE, {"enabled": True})["setPluginEnabled"]["errors"] == []
    _wait(editor, pc["id"], "Computer")
    assert editor.data(ASSET, {"id": pc["id"]})["asset"]["hostname"] == pc["hostname"]


def _wait(client: Client, asset_id: str, typename: str) -> None:
    import time

    deadline = time.monotonic() + 10
    while True:
        body = client.execute("query($id: ID!) { asset(id: $id) { __typename } }", {"id": asset_id})
        if not body.get("errors") and body["data"]["asset"]["__typename"] == typename:
            return
        assert time.monotonic() < deadline, body
        time.sleep(0.2)


def test_statement_count_is_flat(site: PluginSite, editor: Client) -> None:
    site.clients["admin"].data(INGEST, {"records": [
        {"hostname": f"BULK-{i:03d}", "pcType": "OFFICE"} for i in range(40)]})
    counter = site.server.counter
    counts = []
    for size in (10, 100):
        counter.reset()
        result = editor.data(PAGE, {"first": size})["computers"]
        assert len(result["nodes"]) == size
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_location_filter_ids_are_checked(editor: Client) -> None:
    for bad in ("x", "99999999999999999999", "-1"):
        body = editor.execute('query($l: ID!) { computers(filter: {locations: [$l]}) { totalCount } }',
                              {"l": bad})
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"], body
