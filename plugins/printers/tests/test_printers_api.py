"""The printers plugin over real HTTP: lists, filters, supplies, mutations, audit, toggling, counts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness import Client, error_codes
from tests.plugins.bundled import PluginSite, plugin_site

FIELDS = "id assetTag name kind serialNumber hostname ipAddress vendor model queueName driver pageCount"
SUPPLIES = "supplies { name level updatedAt }"
LIST = f"""query($filter: PrinterFilter, $orderBy: [PrinterOrder!], $first: Int, $after: String) {{
  printers(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }}
    nodes {{ {FIELDS} {SUPPLIES} location {{ id }} }}
  }}
}}"""
ONE = f"""query($id: ID!) {{ printer(id: $id) {{ {FIELDS} {SUPPLIES} }} }}"""
LOW = f"""query($t: Int) {{ printersWithLowSupplies(threshold: $t) {{ id name {SUPPLIES} }} }}"""
LOW_DEFAULT = f"""{{ printersWithLowSupplies {{ id {SUPPLIES} }} }}"""
CREATE = f"""mutation($input: PrinterInput!) {{
  createPrinter(input: $input) {{ printer {{ {FIELDS} }} errors {{ field message code }} }}
}}"""
UPDATE = f"""mutation($id: ID!, $input: PrinterUpdateInput!) {{
  updatePrinter(id: $id, input: $input) {{ printer {{ {FIELDS} }} errors {{ field message code }} }}
}}"""
DELETE = """mutation($id: ID!) { deletePrinter(id: $id) { deletedId errors { field message code } } }"""
SET_SUPPLIES = f"""mutation($id: ID!, $supplies: [PrinterSupplyInput!]!) {{
  setPrinterSupplyLevels(id: $id, supplies: $supplies) {{
    printer {{ id {SUPPLIES} }} errors {{ field message code }}
  }}
}}"""
TOGGLE = """mutation($enabled: Boolean!) {
  setPluginEnabled(name: "printers", enabled: $enabled) { plugin { name enabled } errors { message } }
}"""
HISTORY = """query($id: String!) { auditLog(filter: {objectType: "asset", objectId: $id}) {
  nodes { action actorName changes { field old new } } } }"""
PAGE = f"""query($first: Int) {{
  printers(first: $first) {{ totalCount nodes {{ id hostname status {{ name }} location {{ name }}
    position {{ x y }} {SUPPLIES} }} }}
}}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PluginSite]:
    with plugin_site(Path(tmp_path_factory.mktemp("printers")), "printers") as s:
        yield s


@pytest.fixture(scope="module")
def editor(site: PluginSite) -> Client:
    return site.clients["editor"]


@pytest.fixture(scope="module")
def admin(site: PluginSite) -> Client:
    return site.clients["admin"]


def listing(client: Client, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = client.data(LIST, {"first": 500, **variables})["printers"]
    return result


def create(client: Client, **fields: Any) -> dict[str, Any]:
    values = {"hostname": f"prn-t-{uuid.uuid4().hex[:8]}", "vendor": "Brother", **fields}
    payload: dict[str, Any] = client.data(CREATE, {"input": values})["createPrinter"]
    assert payload["errors"] == [], payload
    printer: dict[str, Any] = payload["printer"]
    return printer


def supplies(client: Client, id: str, *levels: tuple[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = client.data(SET_SUPPLIES, {
        "id": id, "supplies": [{"name": n, "level": v} for n, v in levels]})["setPrinterSupplyLevels"]
    return result


def test_demo_printers_have_records_and_supplies(editor: Client) -> None:
    page = listing(editor)
    assert page["totalCount"] == 14
    first = page["nodes"][0]
    assert first["hostname"] == "prn-001" and first["ipAddress"].startswith("10.10.1.")
    assert first["queueName"] == "\\\\printsrv01\\PRN-001" and first["pageCount"] > 0
    assert {s["name"] for s in first["supplies"]} >= {"Black toner", "Drum unit"}
    assert editor.data(ONE, {"id": first["id"]})["printer"]["hostname"] == "prn-001"


def test_printer_by_id_is_null_for_other_kinds(editor: Client) -> None:
    pc = editor.data('{ assets(filter: {kinds: ["computer"]}, first: 1) { nodes { id } } }')
    assert editor.data(ONE, {"id": pc["assets"]["nodes"][0]["id"]})["printer"] is None
    assert editor.data(ONE, {"id": "nope"})["printer"] is None


def test_filters_and_order(editor: Client) -> None:
    every = listing(editor)["nodes"]
    hp = listing(editor, filter={"vendor": "hp"})["nodes"]
    assert hp and {n["vendor"] for n in hp} == {"HP"}
    assert len(hp) == sum(1 for n in every if n["vendor"] == "HP")
    zebra = listing(editor, filter={"text": "zdesigner"})["nodes"]
    assert zebra and {n["model"] for n in zebra} == {"ZT411"}
    by_ip = listing(editor, filter={"text": every[2]["ipAddress"]})["nodes"]
    assert every[2]["id"] in {n["id"] for n in by_ip}
    where = every[0]["location"]["id"]
    here = listing(editor, filter={"locations": [where]})["nodes"]
    assert here and {n["location"]["id"] for n in here} == {where}
    low = listing(editor, filter={"lowSupplyBelow": 15})["nodes"]
    assert low and all(min(s["level"] for s in n["supplies"]) < 15 for n in low)
    ordered = listing(editor, orderBy=[{"field": "PAGE_COUNT", "direction": "DESC"}])["nodes"]
    counts = [n["pageCount"] for n in ordered]
    assert counts == sorted(counts, reverse=True)
    names = [n["name"] for n in every]  # no orderBy: by name
    assert names == sorted(names)


def test_printers_with_low_supplies(editor: Client) -> None:
    every = listing(editor)["nodes"]
    for threshold in (10, 15, 50):
        low = editor.data(LOW, {"t": threshold})["printersWithLowSupplies"]
        expected = {n["id"] for n in every if any(s["level"] < threshold for s in n["supplies"])}
        assert {p["id"] for p in low} == expected
    assert {p["id"] for p in editor.data(LOW_DEFAULT)["printersWithLowSupplies"]} == \
        {p["id"] for p in editor.data(LOW, {"t": 15})["printersWithLowSupplies"]}


def test_set_supply_levels_upserts_by_name_and_audits(editor: Client) -> None:
    printer = create(editor)
    first = supplies(editor, printer["id"], ("Black toner", 80), ("Drum unit", 50))
    assert first["errors"] == []
    assert [(s["name"], s["level"]) for s in first["printer"]["supplies"]] == [
        ("Black toner", 80), ("Drum unit", 50)]
    second = supplies(editor, printer["id"], ("Black toner", 9), ("Waste box", 100))
    levels = {s["name"]: s["level"] for s in second["printer"]["supplies"]}
    assert levels == {"Black toner": 9, "Drum unit": 50, "Waste box": 100}
    low = editor.data(LOW, {"t": 10})["printersWithLowSupplies"]
    assert printer["id"] in {p["id"] for p in low}
    entries = editor.data(HISTORY, {"id": printer["id"]})["auditLog"]["nodes"]
    assert entries[0]["action"] == "update" and entries[0]["actorName"] == "editor"
    assert {c["field"]: (c["old"], c["new"]) for c in entries[0]["changes"]} == {
        "supply:Black toner": (80, 9), "supply:Waste box": (None, 100)}
    unchanged = supplies(editor, printer["id"], ("Black toner", 9))
    assert unchanged["errors"] == []
    assert len(editor.data(HISTORY, {"id": printer["id"]})["auditLog"]["nodes"]) == len(entries)


def test_set_supply_levels_errors(editor: Client, site: PluginSite) -> None:
    printer = create(editor)
    cases = [((("Toner", 101),), "INVALID", ["supplies", "0", "level"]),
             ((("Toner", 5), ("Toner", 6)), "INVALID", ["supplies", "1", "name"]),
             ((("  ", 5),), "REQUIRED", ["supplies", "0", "name"])]
    for levels, code, field in cases:
        result = supplies(editor, printer["id"], *levels)
        assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)]
    assert editor.data(ONE, {"id": printer["id"]})["printer"]["supplies"] == []
    assert [e["code"] for e in supplies(editor, "987654", ("Toner", 5))["errors"]] == ["NOT_FOUND"]
    body = site.clients["viewer"].execute(SET_SUPPLIES, {"id": printer["id"], "supplies": []})
    assert error_codes(body) == ["FORBIDDEN"]


def test_create_validation_and_audit(editor: Client) -> None:
    printer = create(editor, hostname=" PRN-Office-7 ", ipAddress="10.1.2.3", pageCount=12)
    assert (printer["hostname"], printer["name"], printer["ipAddress"]) == (
        "prn-office-7", "prn-office-7", "10.1.2.3")
    entries = editor.data(HISTORY, {"id": printer["id"]})["auditLog"]["nodes"]
    assert [e["action"] for e in entries] == ["create"]
    by_serial = editor.data(CREATE, {"input": {"serialNumber": "CNB1234567"}})["createPrinter"]
    assert by_serial["errors"] == [] and by_serial["printer"]["name"] == "CNB1234567"
    cases = [({"hostname": "prn-office-7"}, "CONFLICT", "hostname"),
             ({"vendor": "HP"}, "REQUIRED", "hostname"),
             ({"hostname": "ok-host", "ipAddress": "10.1.2"}, "INVALID", "ipAddress"),
             ({"hostname": "has space"}, "INVALID", "hostname"),
             ({"hostname": "ok-host2", "pageCount": -1}, "INVALID", "pageCount")]
    for values, code, field in cases:
        errors = editor.data(CREATE, {"input": values})["createPrinter"]["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [(code, ["input", field])], values


def test_update_partial_clear_and_errors(editor: Client) -> None:
    printer = create(editor, model="MFC-L8900", driver="Brother PCL", serialNumber="SER-1")
    out = editor.data(UPDATE, {"id": printer["id"], "input": {"driver": None, "pageCount": 99}})
    updated = out["updatePrinter"]
    assert updated["errors"] == []
    assert (updated["printer"]["model"], updated["printer"]["driver"], updated["printer"]["pageCount"]) \
        == ("MFC-L8900", None, 99)
    entries = editor.data(HISTORY, {"id": printer["id"]})["auditLog"]["nodes"]
    assert {c["field"]: (c["old"], c["new"]) for c in entries[0]["changes"]} == {
        "driver": ("Brother PCL", None), "pagecount": (None, 99)}
    no_identity = editor.data(UPDATE, {"id": printer["id"],
                                       "input": {"hostname": None, "serialNumber": None}})
    assert [e["code"] for e in no_identity["updatePrinter"]["errors"]] == ["REQUIRED"]
    assert editor.data(ONE, {"id": printer["id"]})["printer"]["hostname"] == printer["hostname"]
    other = create(editor)
    clash = editor.data(UPDATE, {"id": printer["id"], "input": {"hostname": other["hostname"]}})
    assert [e["code"] for e in clash["updatePrinter"]["errors"]] == ["CONFLICT"]


def test_delete_removes_supplies(editor: Client) -> None:
    printer = create(editor)
    supplies(editor, printer["id"], ("Black toner", 1))
    assert editor.data(DELETE, {"id": printer["id"]})["deletePrinter"] == {
        "deletedId": printer["id"], "errors": []}
    assert editor.data(ONE, {"id": printer["id"]})["printer"] is None
    assert printer["id"] not in {p["id"] for p in editor.data(LOW, {"t": 5})["printersWithLowSupplies"]}
    assert editor.data(HISTORY, {"id": printer["id"]})["auditLog"]["nodes"][0]["action"] == "delete"


def test_search_navigation_dashboard(editor: Client) -> None:
    printer = create(editor, driver="Unique-Driver-XYZ")
    found = editor.data("""query($t: String!) { assets(filter: {text: $t}) {
        nodes { __typename id } } }""", {"t": "unique-driver-xyz"})["assets"]["nodes"]
    assert found == [{"__typename": "Printer", "id": printer["id"]}]
    nav = editor.data("{ navigation { key path kind plugin } }")["navigation"]
    assert {"key": "printers", "path": "/printers", "kind": "printer", "plugin": "printers"} in nav
    tiles = editor.data("{ dashboard { key plugin value } }")["dashboard"]
    tile = next(t for t in tiles if t["key"] == "printers.lowsupplies")
    assert tile["value"] == len(editor.data(LOW_DEFAULT)["printersWithLowSupplies"])


def test_disable_and_enable_keep_data(admin: Client) -> None:
    printer = create(admin, queueName="KEEP-ME")
    supplies(admin, printer["id"], ("Black toner", 42))
    try:
        assert admin.data(TOGGLE, {"enabled": False})["setPluginEnabled"]["errors"] == []
        generic = admin.data("query($id: ID!) { asset(id: $id) { __typename assetTag kind } }",
                             {"id": printer["id"]})["asset"]
        assert generic == {"__typename": "GenericAsset", "assetTag": printer["assetTag"],
                           "kind": "printer"}
        gone = admin.execute("{ printersWithLowSupplies { id } }")["errors"]
        assert "Cannot query field 'printersWithLowSupplies'" in gone[0]["message"]
    finally:
        assert admin.data(TOGGLE, {"enabled": True})["setPluginEnabled"]["errors"] == []
    back = admin.data(ONE, {"id": printer["id"]})["printer"]
    assert back["queueName"] == "KEEP-ME"
    assert [(s["name"], s["level"]) for s in back["supplies"]] == [("Black toner", 42)]


@pytest.fixture(scope="module")
def hundred(editor: Client) -> None:
    """At least 100 printers, each with a supply, for the 10-vs-100 statement-count comparison."""
    total = listing(editor, first=0)["totalCount"]
    for _ in range(max(0, 100 - total)):
        supplies(editor, create(editor)["id"], ("Black toner", 50))


@pytest.mark.parametrize(("query", "root"), [
    (PAGE, "printers"),
    (f"""query($first: Int) {{ assets(filter: {{kinds: ["printer"]}}, first: $first) {{
        nodes {{ id ... on Printer {{ hostname {SUPPLIES} }} }} }} }}""", "assets"),
])
def test_statement_count_is_constant(site: PluginSite, editor: Client, hundred: None,
                                     query: str, root: str) -> None:
    counts = []
    for size in (10, 100):
        site.server.counter.reset()
        nodes = editor.data(query, {"first": size})[root]["nodes"]
        counts.append(site.server.counter.count)
        assert len(nodes) == size and any(n["supplies"] for n in nodes)
    assert counts[0] == counts[1], site.server.counter.statements


def test_a_deleted_assets_id_is_never_handed_out_again(editor: Client) -> None:
    """The newest asset deleted, the next one gets a new id (SQLite AUTOINCREMENT, MySQL's
    counter): a bookmark or audit entry naming the old id never opens another machine."""
    newest = create(editor)
    assert editor.data(DELETE, {"id": newest["id"]})["deletePrinter"]["errors"] == []
    following = create(editor)
    assert int(following["id"]) > int(newest["id"])
    assert editor.data(ONE, {"id": newest["id"]})["printer"] is None
