"""The equipment plugin over real HTTP: queries, filters, mutations, audit, toggling, SQL counts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness import Client, error_codes
from tests.plugins.bundled import PluginSite, plugin_site

FIELDS = """id assetTag name kind serialNumber machineNumber equipmentType vendor model
            controllerType controllerOs installDate criticality"""
LIST = f"""query($filter: EquipmentFilter, $orderBy: [EquipmentOrder!], $first: Int, $after: String) {{
  equipmentList(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }}
    nodes {{ {FIELDS} location {{ id name }} }}
  }}
}}"""
ONE = f"""query($id: ID!) {{
  equipment(id: $id) {{ {FIELDS} controllingAssets {{ __typename id kind }} }}
}}"""
CREATE = f"""mutation($input: EquipmentInput!) {{
  createEquipment(input: $input) {{ equipment {{ {FIELDS} }} errors {{ field message code }} }}
}}"""
UPDATE = f"""mutation($id: ID!, $input: EquipmentUpdateInput!) {{
  updateEquipment(id: $id, input: $input) {{ equipment {{ {FIELDS} }} errors {{ field message code }} }}
}}"""
DELETE = """mutation($id: ID!) { deleteEquipment(id: $id) { deletedId errors { field message code } } }"""
TOGGLE = """mutation($enabled: Boolean!) {
  setPluginEnabled(name: "equipment", enabled: $enabled) { plugin { name enabled } errors { message } }
}"""
HISTORY = """query($id: String!) { auditLog(filter: {objectType: "asset", objectId: $id}) {
  nodes { action actorName changes { field old new } } } }"""
PAGE = """query($first: Int) {
  equipmentList(first: $first) {
    totalCount
    nodes { id machineNumber status { name } location { name } position { x y source }
            controllingAssets { id name kind status { name } } }
  }
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PluginSite]:
    with plugin_site(Path(tmp_path_factory.mktemp("equipment")), "equipment") as s:
        yield s


@pytest.fixture(scope="module")
def editor(site: PluginSite) -> Client:
    return site.clients["editor"]


@pytest.fixture(scope="module")
def admin(site: PluginSite) -> Client:
    return site.clients["admin"]


def listing(client: Client, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = client.data(LIST, {"first": 500, **variables})["equipmentList"]
    return result


def create(client: Client, **fields: Any) -> dict[str, Any]:
    values = {"machineNumber": f"T-{uuid.uuid4().hex[:8]}", "equipmentType": "MILL", **fields}
    payload: dict[str, Any] = client.data(CREATE, {"input": values})["createEquipment"]
    assert payload["errors"] == [], payload
    machine: dict[str, Any] = payload["equipment"]
    return machine


def test_demo_machines_have_records_and_controllers(editor: Client) -> None:
    page = listing(editor, first=5)
    assert page["totalCount"] >= 40 and page["pageInfo"]["hasNextPage"]
    first = page["nodes"][0]
    assert first["machineNumber"] == "M1001" and first["equipmentType"] and first["criticality"]
    machine = editor.data(ONE, {"id": first["id"]})["equipment"]
    assert machine["machineNumber"] == "M1001"
    assert [c["kind"] for c in machine["controllingAssets"]] == ["computer"]
    assert machine["controllingAssets"][0]["__typename"] == "GenericAsset"  # computers not enabled


def test_equipment_by_id_is_null_for_other_kinds_and_bad_ids(editor: Client) -> None:
    pc = editor.data('{ assets(filter: {kinds: ["computer"]}, first: 1) { nodes { id } } }')
    assert editor.data(ONE, {"id": pc["assets"]["nodes"][0]["id"]})["equipment"] is None
    assert editor.data(ONE, {"id": "not-a-number"})["equipment"] is None


def test_filters(editor: Client) -> None:
    every = listing(editor)["nodes"]
    lathes = listing(editor, filter={"equipmentTypes": ["LATHE"]})["nodes"]
    assert lathes and {n["equipmentType"] for n in lathes} == {"LATHE"}
    assert len(lathes) == sum(1 for n in every if n["equipmentType"] == "LATHE")
    two = listing(editor, filter={"criticalities": ["HIGH", "CRITICAL"]})["nodes"]
    assert len(two) == sum(1 for n in every if n["criticality"] in ("HIGH", "CRITICAL"))
    mazak = listing(editor, filter={"vendor": "mazak"})["nodes"]
    assert mazak and {n["vendor"] for n in mazak} == {"Mazak"}
    by_text = listing(editor, filter={"text": "sinumerik"})["nodes"]
    assert by_text and {n["controllerOs"] for n in by_text} == {"Sinumerik Operate 4.95"}
    where = every[0]["location"]["id"]
    here = listing(editor, filter={"locations": [where]})["nodes"]
    assert here and {n["location"]["id"] for n in here} == {where}
    both = listing(editor, filter={"equipmentTypes": ["LATHE"], "vendor": "Mazak"})
    assert both["totalCount"] == 0


def test_order_and_paging(editor: Client) -> None:
    page = listing(editor, first=3, orderBy=[{"field": "MACHINE_NUMBER", "direction": "DESC"}])
    numbers = [n["machineNumber"] for n in page["nodes"]]
    assert numbers == sorted(numbers, reverse=True)
    following = listing(editor, first=3, after=page["pageInfo"]["endCursor"],
                        orderBy=[{"field": "MACHINE_NUMBER", "direction": "DESC"}])
    assert not set(numbers) & {n["machineNumber"] for n in following["nodes"]}
    default = [n["machineNumber"] for n in listing(editor, first=20)["nodes"]]
    assert default == sorted(default)  # no orderBy: by machine number


def test_searchable_in_core_assets_and_search(editor: Client) -> None:
    machine = create(editor, controllerType="Heidenhain TNC 640-unique")
    found = editor.data("""query($t: String!) { assets(filter: {text: $t}) {
        nodes { __typename id ... on Equipment { machineNumber } } } }""",
                        {"t": "tnc 640-unique"})["assets"]["nodes"]
    assert found == [{"__typename": "Equipment", "id": machine["id"],
                      "machineNumber": machine["machineNumber"]}]
    hits = editor.data("""query($t: String!) { search(text: $t) { asset { id } } }""",
                       {"t": machine["machineNumber"]})["search"]
    assert {"asset": {"id": machine["id"]}} in hits


def test_create_with_defaults_and_audit(editor: Client) -> None:
    machine = create(editor, machineNumber="  M-NEW-1 ", vendor="Hermle", installDate="2021-03-04")
    assert machine["machineNumber"] == "M-NEW-1" and machine["name"] == "M-NEW-1"
    assert machine["criticality"] == "MEDIUM" and machine["installDate"] == "2021-03-04"
    assert machine["kind"] == "equipment" and machine["assetTag"].startswith("EQU-")
    entries = editor.data(HISTORY, {"id": machine["id"]})["auditLog"]["nodes"]
    assert [e["action"] for e in entries] == ["create"] and entries[0]["actorName"] == "editor"
    changed = {c["field"]: c["new"] for c in entries[0]["changes"]}
    assert changed["machinenumber"] == "M-NEW-1" and changed["vendor"] == "Hermle"


def test_create_errors(editor: Client, site: PluginSite) -> None:
    taken = create(editor)["machineNumber"]
    for number, code in ((taken, "CONFLICT"), ("   ", "REQUIRED"), ("x" * 41, "INVALID")):
        payload = editor.data(CREATE, {"input": {"machineNumber": number}})["createEquipment"]
        assert payload["equipment"] is None
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [
            (code, ["input", "machineNumber"])], payload
    bad_location = editor.data(CREATE, {"input": {"machineNumber": "M-LOC", "locationId": "999999"}})
    assert [e["code"] for e in bad_location["createEquipment"]["errors"]] == ["NOT_FOUND"]
    body = site.clients["viewer"].execute(CREATE, {"input": {"machineNumber": "M-VIEW"}})
    assert error_codes(body) == ["FORBIDDEN"]


def test_update_partial_clear_and_errors(editor: Client) -> None:
    machine = create(editor, vendor="Okuma", model="Genos L3000", criticality="HIGH")
    out = editor.data(UPDATE, {"id": machine["id"], "input": {"model": None, "criticality": "CRITICAL"}})
    updated = out["updateEquipment"]
    assert updated["errors"] == []
    assert (updated["equipment"]["vendor"], updated["equipment"]["model"]) == ("Okuma", None)
    assert updated["equipment"]["criticality"] == "CRITICAL"
    entries = editor.data(HISTORY, {"id": machine["id"]})["auditLog"]["nodes"]
    assert entries[0]["action"] == "update"
    assert {c["field"]: (c["old"], c["new"]) for c in entries[0]["changes"]} == {
        "model": ("Genos L3000", None), "criticality": ("HIGH", "CRITICAL")}

    other = create(editor)
    cases = [({"machineNumber": other["machineNumber"]}, "CONFLICT"),
             ({"machineNumber": None}, "REQUIRED"), ({"equipmentType": None}, "REQUIRED")]
    for values, code in cases:
        errors = editor.data(UPDATE, {"id": machine["id"], "input": values})["updateEquipment"]["errors"]
        assert [e["code"] for e in errors] == [code], values
    same = editor.data(UPDATE, {"id": machine["id"], "input": {"machineNumber": machine["machineNumber"]}})
    assert same["updateEquipment"]["errors"] == []
    pc = editor.data('{ assets(filter: {kinds: ["computer"]}, first: 1) { nodes { id } } }')
    wrong = editor.data(UPDATE, {"id": pc["assets"]["nodes"][0]["id"], "input": {"vendor": "x"}})
    assert [e["code"] for e in wrong["updateEquipment"]["errors"]] == ["NOT_FOUND"]


def test_delete(editor: Client) -> None:
    machine = create(editor)
    assert editor.data(DELETE, {"id": machine["id"]})["deleteEquipment"] == {
        "deletedId": machine["id"], "errors": []}
    assert editor.data(ONE, {"id": machine["id"]})["equipment"] is None
    again = editor.data(DELETE, {"id": machine["id"]})["deleteEquipment"]
    assert [e["code"] for e in again["errors"]] == ["NOT_FOUND"]
    entries = editor.data(HISTORY, {"id": machine["id"]})["auditLog"]["nodes"]
    assert entries[0]["action"] == "delete"


def test_navigation_and_dashboard(editor: Client) -> None:
    nav = editor.data("{ navigation { key path kind plugin } }")["navigation"]
    assert {"key": "equipment", "path": "/equipment", "kind": "equipment", "plugin": "equipment"} in nav
    tiles = editor.data("{ dashboard { key plugin value rows { label value } } }")["dashboard"]
    tile = next(t for t in tiles if t["key"] == "equipment.bytype")
    assert tile["plugin"] == "equipment" and tile["value"] >= 40
    assert sum(r["value"] for r in tile["rows"]) == tile["value"]


def test_disable_and_enable_keep_data(admin: Client) -> None:
    machine = create(admin, vendor="Index", controllerOs="keep me")
    try:
        assert admin.data(TOGGLE, {"enabled": False})["setPluginEnabled"]["errors"] == []
        generic = admin.data("query($id: ID!) { asset(id: $id) { __typename assetTag kind } }",
                             {"id": machine["id"]})["asset"]
        assert generic == {"__typename": "GenericAsset", "assetTag": machine["assetTag"],
                           "kind": "equipment"}
        gone = admin.execute("{ equipmentList(first: 1) { totalCount } }")["errors"]
        assert "Cannot query field 'equipmentList'" in gone[0]["message"]
        keys = [n["key"] for n in admin.data("{ navigation { key } }")["navigation"]]
        assert "equipment" not in keys
    finally:
        assert admin.data(TOGGLE, {"enabled": True})["setPluginEnabled"]["errors"] == []
    back = admin.data(ONE, {"id": machine["id"]})["equipment"]
    assert (back["vendor"], back["controllerOs"]) == ("Index", "keep me")


@pytest.fixture(scope="module")
def hundred(editor: Client) -> None:
    """At least 100 machines, for the statement-count comparison of 10 and 100 items."""
    total = listing(editor, first=0)["totalCount"]
    for _ in range(max(0, 100 - total)):
        create(editor)


@pytest.mark.parametrize(("query", "root"), [
    (PAGE, "equipmentList"),
    ("""query($first: Int) { assets(filter: {kinds: ["equipment"]}, first: $first) { totalCount
        nodes { id ... on Equipment { machineNumber controllingAssets { id name } } } } }""", "assets"),
])
def test_statement_count_is_constant(site: PluginSite, editor: Client, hundred: None,
                                     query: str, root: str) -> None:
    counts = []
    for size in (10, 100):
        site.server.counter.reset()
        nodes = editor.data(query, {"first": size})[root]["nodes"]
        counts.append(site.server.counter.count)
        assert len(nodes) == size
        assert any(n["controllingAssets"] for n in nodes)
    assert counts[0] == counts[1], site.server.counter.statements
