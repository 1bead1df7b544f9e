"""Custom fields: an admin adds a typed field to a kind at runtime; it is a real field of the
kind's type, filter, order enum and inputs in the next schema generation, on this server at
once and on another within its poll interval. Over HTTP, on a demo site of this module's own.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests import harness
from tests.harness import Client, error_codes


class Site:
    def __init__(self, server: harness.Server, url: str, clients: dict[str, Client]) -> None:
        self.server, self.url = server, url
        self.admin, self.editor, self.viewer = clients["admin"], clients["editor"], clients["viewer"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with harness.demo_site(tmp_path_factory.mktemp("customfields")) as (server, url, clients):
        yield Site(server, url, clients)


FIELD = "{ id kind name sortKey label help type required defaultValue choices removed valueCount }"
CREATE_FIELD = ("mutation($input: CustomFieldInput!) { createCustomField(input: $input) { "
                f"customField {FIELD} breakingChanges schemaGeneration errors {{ code field message }} }} }}")
UPDATE_FIELD = ("mutation($id: ID!, $input: CustomFieldUpdateInput!) { updateCustomField(id: $id, "
                f"input: $input) {{ customField {FIELD} breakingChanges "
                "errors { code field message } } }")
REMOVE = ("mutation($id: ID!) {{ {op}CustomField(id: $id) {{ customField {{ removed valueCount }} "
          "breakingChanges purgedValues errors {{ code message }} }} }}")
CREATE_PC = """mutation($input: ComputerInput!) { createComputer(input: $input) {
  computer { id } errors { code field message } } }"""
UPDATE_PC = """mutation($id: ID!, $input: ComputerUpdateInput!) { updateComputer(id: $id, input: $input) {
  computer { id } errors { code field message } } }"""


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:6]}"


def add_field(site: Site, **given: Any) -> dict[str, Any]:
    values = {"kind": "computer", "label": given.get("name", "x"), **given}
    payload: dict[str, Any] = site.admin.data(CREATE_FIELD, {"input": values})["createCustomField"]
    assert payload["errors"] == [], payload
    return payload["customField"]


def computer(site: Site, **extra: Any) -> str:
    made = site.editor.data(CREATE_PC, {"input": {"hostname": unique("cf"), **extra}})
    assert made["createComputer"]["errors"] == [], made
    return str(made["createComputer"]["computer"]["id"])


def fields_of(client: Client, type_name: str) -> dict[str, str]:
    """Field name -> type name (unwrapped) of an object or input type, by introspection."""
    data = client.data("""query($n: String!) { __type(name: $n) {
      fields { name type { name kind ofType { name } } }
      inputFields { name type { name kind ofType { name } } }
      enumValues { name } } }""", {"n": type_name})["__type"]
    found = {}
    for f in (data.get("fields") or []) + (data.get("inputFields") or []):
        t = f["type"]
        found[f["name"]] = t["name"] or t["ofType"]["name"]
    for v in data.get("enumValues") or []:
        found[v["name"]] = "enum"
    return found


def test_a_typed_field_becomes_part_of_the_kind(site: Site) -> None:
    made = add_field(site, name="memoryGb", label="Memory (GB)", type="NUMBER",
                     help="Installed RAM.")
    assert made["sortKey"] == "MEMORY_GB" and made["valueCount"] == 0
    assert fields_of(site.viewer, "Computer")["memoryGb"] == "Float"
    for name in ("ComputerFilter", "ComputerInput", "ComputerUpdateInput"):
        assert fields_of(site.viewer, name)["memoryGb"] == "Float", name
    assert "MEMORY_GB" in fields_of(site.viewer, "ComputerOrderField")
    # Other kinds do not get it.
    assert "memoryGb" not in fields_of(site.viewer, "Printer")

    small, big = computer(site, memoryGb=16), computer(site, memoryGb=64)
    nothing = computer(site)
    got = site.viewer.data("""query($a: ID!, $b: ID!, $c: ID!) { a: computer(id: $a) { memoryGb }
      b: computer(id: $b) { memoryGb } c: computer(id: $c) { memoryGb } }""",
                           {"a": small, "b": big, "c": nothing})
    assert (got["a"]["memoryGb"], got["b"]["memoryGb"], got["c"]["memoryGb"]) == (16.0, 64.0, None)

    # Filter and sort by it (the sort walks by keyset cursors like any other key).
    found = site.viewer.data("""{ computers(filter: {memoryGb: 64}) { nodes { id } } }""")
    assert [n["id"] for n in found["computers"]["nodes"]] == [big]
    order = site.viewer.data("""{ computers(first: 500, orderBy: [{field: MEMORY_GB, direction: DESC}])
      { nodes { id memoryGb } } }""")["computers"]["nodes"]
    assert [n["id"] for n in order[:2]] == [big, small]
    assert all(n["memoryGb"] is None for n in order[2:])
    walked: list[str] = []
    after = None
    while True:
        page = site.viewer.data("""query($after: String) { computers(first: 7, after: $after,
          orderBy: [{field: MEMORY_GB}]) { pageInfo { hasNextPage endCursor } nodes { id } } }""",
                                {"after": after})["computers"]
        walked += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    ascending = site.viewer.data("""{ computers(first: 500, orderBy: [{field: MEMORY_GB}])
      { nodes { id } } }""")["computers"]["nodes"]
    assert walked == [n["id"] for n in ascending]

    # Update, clear, audit.
    changed = site.editor.data(UPDATE_PC, {"id": small, "input": {"memoryGb": 32}})
    assert changed["updateComputer"]["errors"] == []
    assert site.viewer.data("query($id: ID!) { computer(id: $id) { memoryGb } }",
                            {"id": small})["computer"]["memoryGb"] == 32.0
    history = site.viewer.data("""query($id: String!) { auditLog(first: 5, filter:
      {objectType: "asset", objectId: $id}) { nodes { action changes { field old new } } } }""",
                               {"id": small})["auditLog"]["nodes"]
    assert {"field": "memoryGb", "old": 16.0, "new": 32.0} in history[0]["changes"], history
    site.editor.data(UPDATE_PC, {"id": small, "input": {"memoryGb": None}})
    assert site.viewer.data("query($id: ID!) { computer(id: $id) { memoryGb } }",
                            {"id": small})["computer"]["memoryGb"] is None


def test_every_type_checks_its_values(site: Site) -> None:
    add_field(site, name="underWarranty", label="Under warranty", type="BOOLEAN")
    add_field(site, name="warrantyEnds", label="Warranty ends", type="DATE")
    add_field(site, name="costCentre", label="Cost centre", type="CHOICE",
              choices=["Production", "Office", "Lab"])
    add_field(site, name="assetOwner", label="Owner", type="TEXT")
    add_field(site, name="docking", label="Docking station", type="ASSET")
    other = computer(site)
    pc = computer(site, underWarranty=True, warrantyEnds="2027-03-31", costCentre="office",
                  assetOwner="  Jane Doe ", docking=other)
    got = site.viewer.data("""query($id: ID!) { computer(id: $id) { underWarranty warrantyEnds
      costCentre assetOwner docking { id __typename name } } }""", {"id": pc})["computer"]
    assert got["underWarranty"] is True and got["warrantyEnds"] == "2027-03-31"
    assert got["costCentre"] == "Office"  # the choice as declared
    assert got["assetOwner"] == "Jane Doe"
    assert got["docking"]["id"] == other and got["docking"]["__typename"] == "Computer"
    labels = site.viewer.data("{ labels { fields { typeName field label } } }")["labels"]["fields"]
    for type_name in ("Computer", "ComputerInput", "ComputerFilter", "ComputerUpdateInput"):
        assert {"typeName": type_name, "field": "assetOwner", "label": "Owner"} in labels

    for flt, expected in (({"costCentre": "OFFICE"}, [pc]), ({"assetOwner": "jane doe"}, [pc]),
                          ({"warrantyEnds": "2027-03-31"}, [pc]), ({"docking": other}, [pc])):
        nodes = site.viewer.data("query($f: ComputerFilter) { computers(filter: $f) { nodes { id } } }",
                                 {"f": flt})["computers"]["nodes"]
        assert [n["id"] for n in nodes] == expected, flt

    refused = [
        ({"costCentre": "Warehouse"}, "INVALID", "costCentre"),
        ({"assetOwner": "x" * 501}, "INVALID", "assetOwner"),
        ({"docking": "999999"}, "NOT_FOUND", "docking"),
        ({"docking": "not-a-number"}, "INVALID", "docking"),
    ]
    for given, code, name in refused:
        before = site.viewer.data("{ computers(first: 0) { totalCount } }")["computers"]["totalCount"]
        body = site.editor.data(CREATE_PC, {"input": {"hostname": unique("bad"), **given}})
        assert [(e["code"], e["field"]) for e in body["createComputer"]["errors"]] == \
            [(code, ["input", name])], (given, body)
        after = site.viewer.data("{ computers(first: 0) { totalCount } }")["computers"]["totalCount"]
        assert after == before, "a refused create wrote something"
    # A typed field refuses the wrong GraphQL type before any resolver runs.
    body = site.editor.execute(CREATE_PC, {"input": {"hostname": unique("bad"), "underWarranty": "yes"}})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    # A bad filter value is a clear error, never a 500.
    body = site.viewer.execute('{ computers(filter: {costCentre: "Nowhere"}) { totalCount } }')
    assert error_codes(body) == ["BAD_USER_INPUT"] and "costCentre" in body["errors"][0]["message"]


def test_required_fields_and_defaults(site: Site) -> None:
    add_field(site, name="shift", label="Shift", type="CHOICE", choices=["Early", "Late"],
              required=True, defaultValue="early")
    add_field(site, name="rackUnits", label="Rack units", type="NUMBER", required=True)
    body = site.editor.data(CREATE_PC, {"input": {"hostname": unique("rq")}})
    assert [(e["code"], e["field"]) for e in body["createComputer"]["errors"]] == \
        [("REQUIRED", ["input", "rackUnits"])]
    pc = computer(site, rackUnits=2)
    got = site.viewer.data("query($id: ID!) { computer(id: $id) { shift rackUnits } }", {"id": pc})
    assert got["computer"] == {"shift": "Early", "rackUnits": 2.0}
    cleared = site.editor.data(UPDATE_PC, {"id": pc, "input": {"rackUnits": None}})
    assert [e["code"] for e in cleared["updateComputer"]["errors"]] == ["REQUIRED"]
    # Assets created before the field keep having none, and can be edited without it.
    old = site.viewer.data("{ computers(first: 1) { nodes { id rackUnits } } }")["computers"]["nodes"][0]
    assert old["rackUnits"] is None
    edited = site.editor.data(UPDATE_PC, {"id": old["id"], "input": {"notes": "still fine"}})
    assert edited["updateComputer"]["errors"] == []
    # Not required any more: creates go through without it.
    (shift,) = [f for f in site.admin.data(f"{{ customFields(kind: \"computer\") {FIELD} }}")
                ["customFields"] if f["name"] == "rackUnits"]
    site.admin.data(UPDATE_FIELD, {"id": shift["id"], "input": {"required": False}})
    assert computer(site)


@pytest.mark.parametrize(("given", "code", "where"), [
    ({"name": "Memory"}, "INVALID", "name"),
    ({"name": "has-dash"}, "INVALID", "name"),
    ({"name": "x" * 41}, "INVALID", "name"),
    ({"name": "__typename"}, "INVALID", "name"),
    ({"name": "hostname"}, "CONFLICT", "name"),  # a declared field
    ({"name": "assetTag"}, "CONFLICT", "name"),  # a core field
    ({"kind": "spaceship"}, "INVALID", "kind"),
    ({"label": " "}, "INVALID", "label"),
    ({"type": "CHOICE"}, "REQUIRED", "choices"),
    ({"type": "CHOICE", "choices": ["a", "A"]}, "INVALID", "choices"),
    ({"type": "CHOICE", "choices": [str(i) for i in range(101)]}, "REQUIRED", "choices"),
    ({"choices": ["a"]}, "INVALID", "choices"),
    ({"defaultValue": "lots"}, "INVALID", "defaultValue"),
    ({"type": "ASSET", "defaultValue": "1"}, "INVALID", "defaultValue"),
    ({"type": "DATE", "defaultValue": "31/12/2027"}, "INVALID", "defaultValue"),
])
def test_bad_definitions_are_refused(site: Site, given: dict[str, Any], code: str,
                                     where: str) -> None:
    values = {"kind": "computer", "name": unique("ok"), "label": "A label", "type": "NUMBER", **given}
    before = site.viewer.data("{ __type(name: \"Computer\") { fields { name } } }")
    body = site.admin.data(CREATE_FIELD, {"input": values})["createCustomField"]
    assert [(e["code"], e["field"]) for e in body["errors"]] == [(code, ["input", where])], body
    assert site.viewer.data("{ __type(name: \"Computer\") { fields { name } } }") == before


def test_only_admins_change_fields_and_everyone_reads_them(site: Site) -> None:
    values = {"kind": "computer", "name": unique("nope"), "label": "No", "type": "TEXT"}
    for client in (site.editor, site.viewer):
        assert error_codes(client.execute(CREATE_FIELD, {"input": values})) == ["FORBIDDEN"]
    assert site.viewer.data("{ customFields { name } }")["customFields"] is not None


def test_rename_remove_restore_purge(site: Site) -> None:
    made = add_field(site, name="badgeNo", label="Badge", type="TEXT")
    pc = computer(site, badgeNo="B-7")
    renamed = site.admin.data(UPDATE_FIELD, {"id": made["id"], "input": {"name": "badgeNumber"}})
    payload = renamed["updateCustomField"]
    assert payload["errors"] == [] and payload["customField"]["name"] == "badgeNumber"
    assert any("badgeNo" in c for c in payload["breakingChanges"]), payload
    old_query = site.viewer.execute("query($id: ID!) { computer(id: $id) { badgeNo } }", {"id": pc})
    assert error_codes(old_query) == ["GRAPHQL_VALIDATION_FAILED"]
    assert site.viewer.data("query($id: ID!) { computer(id: $id) { badgeNumber } }",
                            {"id": pc})["computer"]["badgeNumber"] == "B-7"

    purge_first = site.admin.data(REMOVE.format(op="purge"), {"id": made["id"]})["purgeCustomField"]
    assert [e["code"] for e in purge_first["errors"]] == ["INVALID"]
    removed = site.admin.data(REMOVE.format(op="remove"), {"id": made["id"]})["removeCustomField"]
    assert removed["errors"] == [] and removed["customField"] == {"removed": True, "valueCount": 1}
    assert any("badgeNumber" in c for c in removed["breakingChanges"])
    assert "badgeNumber" not in fields_of(site.viewer, "Computer")
    listed = site.admin.data('{ customFields(kind: "computer", includeRemoved: true) { name removed } }')
    assert {"name": "badgeNumber", "removed": True} in listed["customFields"]
    again = site.admin.data(CREATE_FIELD, {"input": {"kind": "computer", "name": "badgeNumber",
                                                     "label": "Again", "type": "TEXT"}})
    assert [e["code"] for e in again["createCustomField"]["errors"]] == ["CONFLICT"]

    restored = site.admin.data(REMOVE.format(op="restore"), {"id": made["id"]})["restoreCustomField"]
    assert restored["errors"] == [] and restored["breakingChanges"] == []
    assert site.viewer.data("query($id: ID!) { computer(id: $id) { badgeNumber } }",
                            {"id": pc})["computer"]["badgeNumber"] == "B-7"

    site.admin.data(REMOVE.format(op="remove"), {"id": made["id"]})
    purged = site.admin.data(REMOVE.format(op="purge"), {"id": made["id"]})["purgeCustomField"]
    assert purged["errors"] == [] and purged["purgedValues"] == 1
    listed = site.admin.data('{ customFields(includeRemoved: true) { name } }')["customFields"]
    assert "badgeNumber" not in [f["name"] for f in listed]
    audit = site.admin.data("""{ auditLog(first: 10, filter: {objectType: "customfield"})
      { nodes { action summary } } }""")["auditLog"]["nodes"]
    assert [a["action"] for a in audit[:5]] == ["delete", "disable", "enable", "disable", "update"]


def test_a_choice_in_use_cannot_be_dropped(site: Site) -> None:
    made = add_field(site, name="line", label="Line", type="CHOICE", choices=["L1", "L2"])
    computer(site, line="L2")
    body = site.admin.data(UPDATE_FIELD, {"id": made["id"], "input": {"choices": ["L1", "L3"]}})
    assert [e["code"] for e in body["updateCustomField"]["errors"]] == ["IN_USE"]
    ok = site.admin.data(UPDATE_FIELD, {"id": made["id"], "input": {"choices": ["L1", "L2", "L3"]}})
    assert ok["updateCustomField"]["customField"]["choices"] == ["L1", "L2", "L3"]


def test_a_page_reads_custom_values_in_one_statement(site: Site) -> None:
    query = """query($n: Int) { computers(first: $n) { nodes { id memoryGb costCentre
      docking { name } } } }"""
    counts = []
    for n in (5, 60):
        site.server.counter.reset()
        site.viewer.data(query, {"n": n})
        counts.append(len([s for s in site.server.counter.statements if "FROM settings" not in s]))
        assert sum("customvalues" in s for s in site.server.counter.statements) == 1
    assert counts[0] == counts[1], counts


def test_another_server_serves_the_field_within_seconds(site: Site) -> None:
    second = harness.Server(harness.test_settings(site.url)).start()
    try:
        other = Client(second.url, site.viewer.token)
        name = unique("seen")
        assert name not in fields_of(other, "Computer")
        add_field(site, name=name, label="Seen", type="TEXT")
        started = time.monotonic()
        while name not in fields_of(other, "Computer"):
            assert time.monotonic() - started < 10, "the second server never served the field"
            time.sleep(0.05)
        waited = time.monotonic() - started
        nodes = other.data(f'{{ computers(filter: {{{name}: "x"}}) {{ totalCount }} }}')
        assert nodes["computers"]["totalCount"] == 0
        print(f"second server served the new field after {waited:.2f} s")
    finally:
        second.stop()


def test_a_kind_without_an_order_enum_of_its_own_sorts_through_the_shared_one(site: Site) -> None:
    """Measuring tools order by AssetOrderField: a custom field of theirs is a member of it
    with the kind in front, sorts their list and the list of all assets, and pages by keyset."""
    made = add_field(site, kind="measuringtool", name="labRank", type="NUMBER")
    assert made["sortKey"] == "MEASURINGTOOL_LAB_RANK"
    create = """mutation($input: MeasuringToolInput!) { createMeasuringTool(input: $input) {
      measuringTool { id } errors { code field message } } }"""
    ids = []
    for rank in (3, 1, 2):
        payload = site.editor.data(create, {"input": {"name": unique("tool"), "toolNumber": unique("T"),
                                                      "labRank": rank}})["createMeasuringTool"]
        assert payload["errors"] == [], payload
        ids.append(payload["measuringTool"]["id"])
    ranked = """query($after: String) { measuringTools(first: 2, after: $after,
      orderBy: [{field: MEASURINGTOOL_LAB_RANK, direction: DESC}]) {
      nodes { id labRank } pageInfo { endCursor hasNextPage } } }"""
    seen: list[tuple[str, float | None]] = []
    after = None
    while True:
        page = site.viewer.data(ranked, {"after": after})["measuringTools"]
        seen += [(n["id"], n["labRank"]) for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    ranks = [r for _, r in seen if r is not None]
    assert ranks == [3.0, 2.0, 1.0] and [i for i, r in seen if r is not None] == [ids[0], ids[2], ids[1]]
    assert len({i for i, _ in seen}) == len(seen)  # every tool once
    everything = site.viewer.data("""{ assets(first: 3, filter: {kinds: ["measuringtool"]},
      orderBy: [{field: MEASURINGTOOL_LAB_RANK, direction: DESC}]) { nodes { id } } }""")
    assert [n["id"] for n in everything["assets"]["nodes"]] == [ids[0], ids[2], ids[1]]
