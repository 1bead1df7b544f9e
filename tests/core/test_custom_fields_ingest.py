"""Custom fields reach collectors (#17 part 1): each custom field of a kind is a field of its
`<Type>Record`, so `ingest<Kinds>` and the spreadsheet import take it, checked as the
create and update mutations check it, compared, audited and written in bulk; a person's
edit locks it against collectors like a declared field. Over HTTP, on a site of its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests import harness
from tests.harness import Client


class Site:
    def __init__(self, server: harness.Server, clients: dict[str, Client]) -> None:
        self.server = server
        self.admin, self.editor, self.viewer = clients["admin"], clients["editor"], clients["viewer"]
        made = self.admin.data(TOKEN, {"input": {"name": "collector", "scopes": ["ingest:computers"]}})
        self.collector = Client(server.url).as_token(made["createApiToken"]["secret"])


TOKEN = """mutation($input: ApiTokenInput!) { createApiToken(input: $input) { secret errors { message } } }"""
ADD = """mutation($input: CustomFieldInput!) { createCustomField(input: $input) {
  customField { id } errors { code message } } }"""
REMOVE = """mutation($id: ID!) { removeCustomField(id: $id) { errors { message } } }"""
INGEST = """mutation($records: [ComputerRecord!]!, $dry: Boolean!) {
  ingestComputers(source: "agent", records: $records, dryRun: $dry) {
    batchId created updated unchanged rejected
    results { index status assetId errors { code field message } warnings { code field } } } }"""
PC = """query($id: ID!) { computer(id: $id) { hostname rack tier ramSlots warrantyEnd spare
  dock { id } } }"""
HISTORY = """query($id: String!) { auditLog(filter: {objectType: "asset", objectId: $id}) {
  nodes { action source changes { field old new } } } }"""

FIELDS: list[dict[str, Any]] = [
    {"name": "rack", "type": "TEXT"},
    {"name": "tier", "type": "CHOICE", "choices": ["gold", "silver"]},
    {"name": "ramSlots", "type": "NUMBER"},
    {"name": "warrantyEnd", "type": "DATE"},
    {"name": "spare", "type": "BOOLEAN"},
    {"name": "dock", "type": "ASSET"},
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with harness.demo_site(tmp_path_factory.mktemp("cfingest")) as (server, _, clients):
        s = Site(server, clients)
        for f in FIELDS:
            made = s.admin.data(ADD, {"input": {"kind": "computer", "label": f["name"], **f}})
            assert made["createCustomField"]["errors"] == [], made
        yield s


def host() -> str:
    return f"cfi-{uuid.uuid4().hex[:8]}"


def ingest(site: Site, records: list[dict[str, Any]], dry: bool = False) -> dict[str, Any]:
    payload: dict[str, Any] = site.collector.data(INGEST, {"records": records, "dry": dry})["ingestComputers"]
    return payload


def some_asset(site: Site) -> str:
    nodes = site.viewer.data("{ assets(first: 1) { nodes { id } } }")["assets"]["nodes"]
    return str(nodes[0]["id"])


def test_the_record_type_has_the_kinds_custom_fields(site: Site) -> None:
    found = site.viewer.data('{ __type(name: "ComputerRecord") { inputFields { name type { name } } } }')
    types = {f["name"]: f["type"]["name"] for f in found["__type"]["inputFields"]}
    assert {k: types.get(k) for k in ("rack", "tier", "ramSlots", "warrantyEnd", "spare", "dock")} == {
        "rack": "String", "tier": "String", "ramSlots": "Float", "warrantyEnd": "Date",
        "spare": "Boolean", "dock": "ID"}
    assert types["hostname"] == "String"  # the declared fields stay


def test_a_collector_creates_updates_and_clears_custom_values(site: Site) -> None:
    name, dock = host(), some_asset(site)
    record = {"hostname": name, "rack": " R12 ", "tier": "GOLD", "ramSlots": 4,
              "warrantyEnd": "2027-03-31", "spare": False, "dock": dock}
    first = ingest(site, [record])
    assert (first["created"], first["rejected"]) == (1, 0), first
    pc_id = first["results"][0]["assetId"]
    pc = site.viewer.data(PC, {"id": pc_id})["computer"]
    assert pc == {"hostname": name, "rack": "R12", "tier": "gold", "ramSlots": 4.0,
                  "warrantyEnd": "2027-03-31", "spare": False, "dock": {"id": dock}}

    again = ingest(site, [record])
    assert again["unchanged"] == 1 and again["results"][0]["assetId"] == pc_id

    changed = ingest(site, [{"hostname": name, "rack": "R13", "spare": None}])
    assert changed["updated"] == 1, changed
    pc = site.viewer.data(PC, {"id": pc_id})["computer"]
    assert (pc["rack"], pc["spare"], pc["tier"]) == ("R13", None, "gold")  # omitted: left alone

    entries = site.viewer.data(HISTORY, {"id": pc_id})["auditLog"]["nodes"]
    assert [e["action"] for e in entries] == ["update", "create"]
    assert {c["field"]: (c["old"], c["new"]) for c in entries[0]["changes"]} == {
        "rack": ("R12", "R13"), "spare": (False, None)}
    created = {c["field"]: c["new"] for c in entries[1]["changes"]}
    assert (created["rack"], created["warrantyEnd"], created["dock"]) == ("R12", "2027-03-31", int(dock))
    assert entries[0]["source"] == "agent"


def test_bad_values_reject_their_record_only(site: Site) -> None:
    good, bad_choice, bad_asset = host(), host(), host()
    result = ingest(site, [
        {"hostname": bad_choice, "tier": "bronze"},
        {"hostname": good, "rack": "R1"},
        {"hostname": bad_asset, "dock": "999999", "rack": "R2"},
        {"hostname": host(), "ramSlots": 1e300},
    ])
    assert (result["created"], result["rejected"]) == (1, 3), result
    errors = {r["index"]: r["errors"] for r in result["results"]}
    assert errors[0] == [{"code": "INVALID", "field": ["records", "0", "tier"],
                          "message": "tier is one of: gold, silver"}]
    assert errors[2][0]["code"] == "NOT_FOUND" and errors[2][0]["field"] == ["records", "2", "dock"]
    assert errors[3][0]["code"] == "INVALID" and errors[3][0]["field"] == ["records", "3", "ramSlots"]
    # Nothing of a refused record was written, not even its valid values.
    found = site.viewer.data('query($t: String) { computers(filter: {text: $t}) { totalCount } }',
                             {"t": bad_asset})
    assert found["computers"]["totalCount"] == 0
    # A value of the wrong GraphQL type is refused before anything runs.
    wrong = site.collector.execute(INGEST, {"records": [{"hostname": host(), "ramSlots": "four"}],
                                         "dry": False})
    assert wrong["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_dry_run_writes_no_custom_value(site: Site) -> None:
    name = host()
    made = ingest(site, [{"hostname": name, "rack": "R5"}])["results"][0]["assetId"]
    dry = ingest(site, [{"hostname": name, "rack": "R6"}], dry=True)
    assert dry["updated"] == 1 and dry["batchId"] is None
    assert site.viewer.data(PC, {"id": made})["computer"]["rack"] == "R5"


def test_defaults_and_required_fields_on_new_assets(site: Site) -> None:
    with_default = site.admin.data(ADD, {"input": {"kind": "computer", "label": "Site", "name": "site",
                                                   "type": "TEXT", "required": True,
                                                   "defaultValue": "Plant 1"}})["createCustomField"]
    must = site.admin.data(ADD, {"input": {"kind": "computer", "label": "Owner", "name": "owner",
                                           "type": "TEXT", "required": True}})["createCustomField"]
    try:
        missing = ingest(site, [{"hostname": host()}])  # a new asset without the owner
        assert missing["rejected"] == 1
        assert missing["results"][0]["errors"][0]["code"] == "REQUIRED"
        assert missing["results"][0]["errors"][0]["field"][-1] == "owner"
        made = ingest(site, [{"hostname": host(), "owner": "Maintenance"}])
        assert made["created"] == 1, made
        pc = site.viewer.data("query($id: ID!) { computer(id: $id) { site owner } }",
                              {"id": made["results"][0]["assetId"]})["computer"]
        assert pc == {"site": "Plant 1", "owner": "Maintenance"}
        cleared = ingest(site, [{"hostname": host(), "owner": None}])
        assert cleared["results"][0]["errors"][0]["code"] == "REQUIRED"
    finally:
        for payload in (with_default, must):
            site.admin.data(REMOVE, {"id": payload["customField"]["id"]})


def test_a_hand_edit_locks_a_custom_field_against_collectors(site: Site) -> None:
    name = host()
    pc_id = ingest(site, [{"hostname": name, "rack": "R20", "tier": "silver"}])["results"][0]["assetId"]
    edited = site.editor.data("""mutation($id: ID!) { updateComputer(id: $id, input: {rack: "Cabinet 3"}) {
      errors { message } } }""", {"id": pc_id})
    assert edited["updateComputer"]["errors"] == []
    result = ingest(site, [{"hostname": name, "rack": "R21", "tier": "gold"}])
    assert result["updated"] == 1  # tier changed, rack kept
    assert result["results"][0]["warnings"] == [{"code": "LOCKED", "field": ["records", "0", "rack"]}]
    pc = site.viewer.data(PC, {"id": pc_id})["computer"]
    assert (pc["rack"], pc["tier"]) == ("Cabinet 3", "gold")
    unlocked = site.editor.data("""mutation($id: ID!) { unlockAssetField(assetId: $id, field: "rack") {
      unlocked errors { message } } }""", {"id": pc_id})
    assert unlocked["unlockAssetField"]["unlocked"] is True
    assert ingest(site, [{"hostname": name, "rack": "R21"}])["updated"] == 1
    assert site.viewer.data(PC, {"id": pc_id})["computer"]["rack"] == "R21"


def test_custom_values_are_written_in_bulk(site: Site) -> None:
    """The statements of a batch do not grow with its records (SQL count, not time)."""
    counts = []
    for n in (3, 30):
        records = [{"hostname": host(), "rack": f"R{i}", "ramSlots": i, "tier": "gold"}
                   for i in range(n)]
        site.server.counter.reset()
        assert ingest(site, records)["created"] == n
        counts.append(sum("customvalues" in s.lower() for s in site.server.counter.statements))
        updated = [{**r, "rack": f"S{i}"} for i, r in enumerate(records)]
        site.server.counter.reset()
        assert ingest(site, updated)["updated"] == n
        counts.append(sum("customvalues" in s.lower() for s in site.server.counter.statements))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def test_the_spreadsheet_import_takes_custom_columns(site: Site) -> None:
    name = host()
    imported = site.editor.data("""mutation($rows: [JSON!]!) { importAssets(kind: "computer", rows: $rows) {
      created rejected results { errors { code field message } } } }""", {"rows": [
        {"hostname": name, "rack": "R30", "spare": "yes", "warrantyEnd": "2028-01-15", "ramSlots": "8"},
        {"hostname": host(), "tier": "bronze"},
        {"hostname": host(), "warrantyEnd": "soon"},
    ]})["importAssets"]
    assert (imported["created"], imported["rejected"]) == (1, 2), imported
    assert imported["results"][1]["errors"][0]["field"] == ["rows", "1", "tier"]
    assert imported["results"][2]["errors"][0]["field"] == ["rows", "2", "warrantyEnd"]
    found = site.viewer.data("""query($t: String) { computers(filter: {text: $t}) {
      nodes { rack spare warrantyEnd ramSlots } } }""", {"t": name})["computers"]["nodes"]
    assert found == [{"rack": "R30", "spare": True, "warrantyEnd": "2028-01-15", "ramSlots": 8.0}]


def test_a_removed_field_leaves_the_record_type(site: Site) -> None:
    made = site.admin.data(ADD, {"input": {"kind": "computer", "label": "Temp", "name": "temporary",
                                           "type": "TEXT"}})["createCustomField"]
    fields = '{ __type(name: "ComputerRecord") { inputFields { name } } }'
    assert "temporary" in {f["name"] for f in site.viewer.data(fields)["__type"]["inputFields"]}
    site.admin.data(REMOVE, {"id": made["customField"]["id"]})
    assert "temporary" not in {f["name"] for f in site.viewer.data(fields)["__type"]["inputFields"]}
    refused = site.collector.execute(INGEST, {"records": [{"hostname": host(), "temporary": "x"}],
                                           "dry": False})
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_concurrent_collectors_write_the_same_custom_values(site: Site) -> None:
    """Two collectors report the same assets with different values at once: every call
    answers (a lost race is retried, never a 500), and each asset ends with one row per
    field holding one of the values sent."""
    prefix = f"race-{uuid.uuid4().hex[:6]}-"
    names = [f"{prefix}{i}" for i in range(15)]
    assert ingest(site, [{"hostname": n} for n in names])["created"] == 15

    def send(label: str) -> list[dict[str, Any]]:
        return [ingest(site, [{"hostname": n, "rack": f"{label}{round_}", "ramSlots": round_}
                              for n in names]) for round_ in range(4)]

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = [r for batch in pool.map(send, ["A", "B"]) for r in batch]
    assert all(r["rejected"] == 0 for r in results), results
    found = site.viewer.data("""query($t: String) { computers(first: 50, filter: {text: $t}) {
      nodes { hostname rack ramSlots } } }""", {"t": prefix})["computers"]["nodes"]
    mine = {n["hostname"]: n for n in found}
    assert set(mine) == set(names)
    assert all(n["rack"] in {f"{x}{i}" for x in "AB" for i in range(4)} for n in mine.values())
    assert all(n["ramSlots"] == float(n["rack"][1]) for n in mine.values())  # one batch's pair
