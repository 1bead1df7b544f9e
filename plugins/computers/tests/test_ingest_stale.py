"""A stale computer that its collector reports again gets its status back, audited.

Its own site: `shopdb collectors stale --apply` marks every computer of the database.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from shopdb_gql.commands.ingest import find_stale
from shopdb_gql.db.base import utcnow
from tests.harness import Client
from tests.plugins.bundled import PluginSite, plugin_site

INGEST = """mutation($records: [ComputerRecord!]!) {
  ingestComputers(source: "sccm", records: $records) {
    batchId results { status assetId asset { status { code } } } } }"""
TOKEN = """mutation($input: ApiTokenInput!) { createApiToken(input: $input) { secret } }"""
STATUSES = "{ assetStatuses { id code } }"
SET_STATUS = """mutation($id: ID!, $statusId: ID!) {
  setAssetStatus(id: $id, statusId: $statusId) { errors { code message } } }"""
ASSET = "query($id: ID!) { asset(id: $id) { status { code } } }"
HISTORY = """query($id: String!) { auditLog(filter: {objectType: "asset", objectId: $id}) {
  nodes { action actorName source batchId changes { field old new } } } }"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PluginSite]:
    with plugin_site(Path(tmp_path_factory.mktemp("stale")), "computers", demo=False) as s:
        yield s


def ingest(collector: Client, records: list[dict[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = collector.data(INGEST, {"records": records})["ingestComputers"]
    return result


def status(site: PluginSite, asset_id: str) -> str:
    code: str = site.clients["viewer"].data(ASSET, {"id": asset_id})["asset"]["status"]["code"]
    return code


def test_stale_asset_reported_again_gets_its_status_back(site: PluginSite) -> None:
    admin, editor = site.clients["admin"], site.clients["editor"]
    collector = admin.as_token(admin.data(TOKEN, {"input": {
        "name": "sccm", "scopes": ["ingest:computers"]}})["createApiToken"]["secret"])
    statuses = {s["code"]: s["id"] for s in admin.data(STATUSES)["assetStatuses"]}
    records = [{"hostname": f"PC-{uuid.uuid4().hex[:8]}"} for _ in range(3)]
    spare, in_use, by_hand = (r["assetId"] for r in ingest(collector, records)["results"])
    for asset_id, code in ((spare, "spare"), (by_hand, "stale")):
        assert editor.data(SET_STATUS, {"id": asset_id, "statusId": statuses[code]})[
            "setAssetStatus"]["errors"] == []

    found, _ = asyncio.run(find_stale(site.server.settings, "computer", True,
                                      now=utcnow() + timedelta(days=365)))
    assert {str(a.id) for a in found} == {spare, in_use, by_hand}
    assert [status(site, a) for a in (spare, in_use, by_hand)] == ["stale"] * 3

    again = ingest(collector, records)
    assert [(r["status"], r["asset"]["status"]["code"]) for r in again["results"]] == [
        ("UPDATED", "spare"), ("UPDATED", "in_use"), ("UNCHANGED", "stale")]
    newest = admin.data(HISTORY, {"id": spare})["auditLog"]["nodes"][0]
    assert (newest["action"], newest["source"], newest["batchId"]) == (
        "update", "sccm", again["batchId"])
    assert newest["actorName"].startswith("token:sccm")
    assert newest["changes"] == [{"field": "status", "old": "stale", "new": "spare"}]

    third = ingest(collector, records)
    assert [r["status"] for r in third["results"]] == ["UNCHANGED"] * 3
    assert [status(site, a) for a in (spare, in_use, by_hand)] == ["spare", "in_use", "stale"]
