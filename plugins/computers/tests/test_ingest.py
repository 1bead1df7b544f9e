"""ingestComputers over real HTTP: identity, junk, ambiguity, absent/null, locks, dry runs,
limits, scopes, audit, and concurrent batches (which the database keeps from duplicating)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from shopdb_gql.db.engine import Database
from tests.harness import Client, error_codes
from tests.plugins.bundled import PluginSite, plugin_site

INGEST = """mutation($source: String!, $records: [ComputerRecord!]!, $dryRun: Boolean) {
  ingestComputers(source: $source, records: $records, dryRun: $dryRun) {
    batchId dryRun created updated unchanged rejected
    errors { field message code }
    results { index status assetId errors { field message code } warnings { field code }
              asset { id name assetTag serialNumber updatedAt lastSeenAt
                      ... on Computer { hostname osName macAddress pcType } } }
  }
}"""
TOKEN = """mutation($input: ApiTokenInput!) { createApiToken(input: $input) { secret errors { message } } }"""
UPDATE = """mutation($id: ID!, $input: ComputerUpdateInput!) {
  updateComputer(id: $id, input: $input) { computer { id osName } errors { code message } } }"""
UNLOCK = """mutation($id: ID!, $field: String!) {
  unlockAssetField(assetId: $id, field: $field) { unlocked errors { code } } }"""
HISTORY = """query($id: String!) { auditLog(filter: {objectType: "asset", objectId: $id}) {
  nodes { action actorName source batchId changes { field old new } } } }"""
COUNT = """query($text: String) { computers(filter: {text: $text}) { totalCount } }"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PluginSite]:
    with plugin_site(Path(tmp_path_factory.mktemp("ingest")), "computers", demo=False) as s:
        yield s


def token(site: PluginSite, *scopes: str) -> Client:
    admin = site.clients["admin"]
    payload = admin.data(TOKEN, {"input": {"name": f"collector-{uuid.uuid4().hex[:6]}",
                                           "scopes": list(scopes)}})["createApiToken"]
    assert payload["errors"] == []
    return admin.as_token(payload["secret"])


@pytest.fixture(scope="module")
def collector(site: PluginSite) -> Client:
    return token(site, "ingest:computers")


def ingest(client: Client, records: list[dict[str, Any]], *, dry_run: bool = False,
           source: str = "sccm") -> dict[str, Any]:
    result: dict[str, Any] = client.data(INGEST, {"source": source, "records": records,
                                                  "dryRun": dry_run})["ingestComputers"]
    return result


def count(site: PluginSite, text: str) -> int:
    result: int = site.clients["viewer"].data(COUNT, {"text": text})["computers"]["totalCount"]
    return result


def host() -> str:
    return f"PC-{uuid.uuid4().hex[:8].upper()}"


def test_create_then_same_batch_is_unchanged(collector: Client) -> None:
    records = [{"hostname": host(), "serialNumber": f"SN{uuid.uuid4().hex[:8]}",
                "osName": "Windows 11", "pcType": "OFFICE"} for _ in range(3)]
    first = ingest(collector, records)
    assert (first["created"], first["updated"], first["unchanged"], first["rejected"]) == (3, 0, 0, 0)
    assert [r["index"] for r in first["results"]] == [0, 1, 2]
    asset = first["results"][0]["asset"]
    assert asset["name"] == records[0]["hostname"] and asset["assetTag"].startswith("COM-")
    assert asset["pcType"] == "OFFICE"
    second = ingest(collector, records)
    assert (second["created"], second["unchanged"]) == (0, 3)
    again = second["results"][0]["asset"]
    assert again["updatedAt"] == asset["updatedAt"]
    assert again["lastSeenAt"] > asset["lastSeenAt"]
    assert [r["assetId"] for r in second["results"]] == [r["assetId"] for r in first["results"]]


def test_identity_is_normalized_and_falls_back_to_serial(collector: Client) -> None:
    name, serial = host(), f"SN{uuid.uuid4().hex[:8]}"
    created = ingest(collector, [{"hostname": name, "serialNumber": serial}])
    asset_id = created["results"][0]["assetId"]
    same = ingest(collector, [{"hostname": f"  {name.lower()}. "}])
    assert same["results"][0]["assetId"] == asset_id
    renamed = ingest(collector, [{"hostname": host(), "serialNumber": serial.lower()}])
    assert renamed["results"][0]["status"] == "UPDATED"
    assert renamed["results"][0]["assetId"] == asset_id
    # The old hostname no longer identifies the renamed PC: a new PC may take it.
    reused = ingest(collector, [{"hostname": name}])
    assert reused["results"][0]["status"] == "CREATED"
    assert reused["results"][0]["assetId"] != asset_id


def test_identities_differing_only_by_an_accent_are_different_assets(collector: Client) -> None:
    # MySQL's default collation equates "é" and "e": identity values use a binary one.
    base = host()
    plain, accented = f"CAFE-{base}", f"CAFÉ-{base}"
    first = ingest(collector, [{"hostname": plain}, {"hostname": accented}])
    assert (first["created"], first["rejected"]) == (2, 0), first["results"]
    ids = [r["assetId"] for r in first["results"]]
    assert ids[0] != ids[1]
    # Later batches match each exactly; case still folds ("café-" finds "CAFÉ-").
    again = ingest(collector, [{"hostname": accented}, {"hostname": plain}])
    assert [r["assetId"] for r in again["results"]] == [ids[1], ids[0]]
    assert again["unchanged"] == 2
    folded = ingest(collector, [{"hostname": accented.lower()}])
    assert folded["results"][0]["assetId"] == ids[1]


@pytest.mark.parametrize("junk", ["To Be Filled By O.E.M.", "Default string", "0", "None",
                                  "N/A", "123456789", " ", "00:00:00:00:00:00"])
def test_junk_values_never_identify(collector: Client, junk: str) -> None:
    a = ingest(collector, [{"hostname": host(), "serialNumber": junk}])
    b = ingest(collector, [{"hostname": host(), "serialNumber": junk}])
    assert a["created"] == b["created"] == 1
    assert a["results"][0]["assetId"] != b["results"][0]["assetId"]
    only_junk = ingest(collector, [{"hostname": junk, "serialNumber": junk}])
    assert only_junk["rejected"] == 1
    assert only_junk["results"][0]["errors"][0]["code"] == "REQUIRED"


def test_matching_two_assets_is_ambiguous(site: PluginSite, collector: Client) -> None:
    one, two = host(), host()
    serial = f"SN{uuid.uuid4().hex[:8]}"
    ingest(collector, [{"hostname": one}, {"hostname": two, "serialNumber": serial}])
    result = ingest(collector, [{"hostname": one, "serialNumber": serial}, {"hostname": host()}])
    assert result["results"][0]["status"] == "REJECTED"
    assert result["results"][0]["errors"][0]["code"] == "AMBIGUOUS"
    assert result["results"][1]["status"] == "CREATED"  # one bad record fails no other
    assert count(site, one) == 1


def test_absent_is_left_alone_and_null_clears(collector: Client) -> None:
    name = host()
    ingest(collector, [{"hostname": name, "osName": "Windows 10", "macAddress": "AA-BB-CC-00-11-22"}])
    kept = ingest(collector, [{"hostname": name, "pcType": "KIOSK"}])["results"][0]
    assert kept["status"] == "UPDATED"
    assert (kept["asset"]["osName"], kept["asset"]["macAddress"]) == ("Windows 10",
                                                                       "AA-BB-CC-00-11-22")
    cleared = ingest(collector, [{"hostname": name, "osName": None}])["results"][0]
    assert cleared["status"] == "UPDATED" and cleared["asset"]["osName"] is None


LOCKS = "query($id: ID!) { asset(id: $id) { lockedFields { field lockedAt lockedBy } } }"


def test_hand_edits_lock_fields_until_unlocked(site: PluginSite, collector: Client) -> None:
    name = host()
    asset_id = ingest(collector, [{"hostname": name, "osName": "Windows 10"}])["results"][0]["assetId"]
    editor = site.clients["editor"]
    assert editor.data(UPDATE, {"id": asset_id, "input": {"osName": "Windows 11 (by hand)"}})[
        "updateComputer"]["errors"] == []
    result = ingest(collector, [{"hostname": name, "osName": "Windows 10", "pcType": "LAB"}])
    outcome = result["results"][0]
    assert outcome["status"] == "UPDATED"
    assert outcome["warnings"] == [{"field": ["records", "0", "osName"], "code": "LOCKED"}]
    assert outcome["asset"]["osName"] == "Windows 11 (by hand)"
    locks = editor.data(LOCKS, {"id": asset_id})["asset"]["lockedFields"]
    assert [(lock["field"], lock["lockedBy"]) for lock in locks] == [("osname", "editor")]
    assert editor.data(UNLOCK, {"id": asset_id, "field": "osName"})["unlockAssetField"] == {
        "unlocked": True, "errors": []}
    after = ingest(collector, [{"hostname": name, "osName": "Windows 10"}])["results"][0]
    assert (after["warnings"], after["asset"]["osName"]) == ([], "Windows 10")
    assert editor.data(LOCKS, {"id": asset_id})["asset"]["lockedFields"] == []


def test_dry_run_writes_nothing(site: PluginSite, collector: Client) -> None:
    name = host()
    result = ingest(collector, [{"hostname": name}], dry_run=True)
    assert (result["dryRun"], result["created"], result["batchId"]) == (True, 1, None)
    assert count(site, name) == 0


def test_limits_are_clear(collector: Client) -> None:
    result = ingest(collector, [{"hostname": f"h{i}"} for i in range(1001)])
    assert [e["code"] for e in result["errors"]] == ["LIMIT_EXCEEDED"]
    assert result["results"] == []
    big = ingest(collector, [{"hostname": host(), "model": "x" * 121}])
    assert big["results"][0]["errors"][0]["field"] == ["records", "0", "model"]


def test_bad_shapes_fail_validation_before_any_work(collector: Client) -> None:
    body = collector.execute(INGEST, {"source": "x", "records": [{"hostname": "ok"},
                                                                 {"pcType": "NOT_A_TYPE"}]})
    assert body.get("data") is None and body["errors"]


def test_only_ingest_scope_or_admin(site: PluginSite) -> None:
    records = {"source": "x", "records": [{"hostname": host()}]}
    for client in (token(site, "write"), token(site, "ingest:printers"), site.clients["editor"]):
        assert error_codes(client.execute(INGEST, records)) == ["FORBIDDEN"]
    assert site.clients["admin"].data(INGEST, records)["ingestComputers"]["created"] == 1


def test_audit_names_token_source_and_batch(site: PluginSite, collector: Client) -> None:
    result = ingest(collector, [{"hostname": host(), "osName": "Ubuntu"}], source="agent-7")
    entries = site.clients["admin"].data(HISTORY, {"id": result["results"][0]["assetId"]})[
        "auditLog"]["nodes"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["action"] == "create" and entry["actorName"].startswith("token:collector-")
    assert (entry["source"], entry["batchId"]) == ("agent-7", result["batchId"])


def test_concurrent_batches_never_duplicate(site: PluginSite) -> None:
    collector = token(site, "ingest:computers")
    names = [host() for _ in range(30)]
    records = [{"hostname": n, "osName": "Windows 11"} for n in names]

    def send(i: int) -> dict[str, Any]:
        response = httpx.post(f"{site.server.url}/graphql", timeout=60, json={
            "query": INGEST, "variables": {"source": f"c{i}", "records": records[i % 3:]}},
            headers={"authorization": f"Bearer {collector.token}"})
        data: dict[str, Any] = response.json()["data"]["ingestComputers"]
        return data

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(send, range(6)))
    assert sum(r["created"] for r in results) == 30
    assert all(r["rejected"] == 0 for r in results)
    for name in names:
        assert count(site, name) == 1


def _sql(database_url: str, statement: str) -> None:
    async def run() -> None:
        db = Database(database_url)
        try:
            async with db.engine.begin() as conn:
                await conn.exec_driver_sql(statement)
        finally:
            await db.dispose()

    asyncio.run(run())


def test_a_record_the_database_keeps_refusing_fails_alone(site: PluginSite,
                                                          collector: Client) -> None:
    """After every retry of the batch, each asset gets its own savepoint: the one the
    database refuses is rejected with CONFLICT and leaves no row; the others are created.
    A trigger stands in for a constraint only the database knows (a concurrent writer's
    row, say)."""
    poison, trigger = host(), f"refuse_{uuid.uuid4().hex[:8]}"
    value = poison.lower()
    if site.database_url.startswith("sqlite"):
        _sql(site.database_url, f"CREATE TRIGGER {trigger} BEFORE INSERT ON assetidentities "
             f"WHEN NEW.idvalue = '{value}' BEGIN "
             "SELECT RAISE(ABORT, 'UNIQUE constraint failed: assetidentities.idvalue'); END")
    else:
        _sql(site.database_url, f"CREATE TRIGGER {trigger} BEFORE INSERT ON assetidentities "
             f"FOR EACH ROW BEGIN IF NEW.idvalue = '{value}' THEN SIGNAL SQLSTATE '23000' "
             "SET MYSQL_ERRNO = 1062, MESSAGE_TEXT = 'Duplicate entry (test trigger)'; "
             "END IF; END")
    try:
        ok = [host(), host()]
        result = ingest(collector, [{"hostname": ok[0]}, {"hostname": poison},
                                    {"hostname": ok[1]}])
    finally:
        _sql(site.database_url, f"DROP TRIGGER {trigger}")
    assert [r["status"] for r in result["results"]] == ["CREATED", "REJECTED", "CREATED"]
    assert result["results"][1]["errors"][0]["code"] == "CONFLICT"
    assert result["results"][1]["assetId"] is None
    assert (count(site, ok[0]), count(site, poison), count(site, ok[1])) == (1, 0, 1)
    # Nothing of the refused record was kept: sent again, it is simply created.
    assert ingest(collector, [{"hostname": poison}])["created"] == 1
