"""Every core mutation writes one audit entry with the actor and each field's old and new value."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from shopdb_gql.core.models import Asset
from shopdb_gql.db.engine import Database
from tests.harness import Client

AUDIT = """query($f: AuditFilter, $first: Int) { auditLog(filter: $f, first: $first) {
  totalCount nodes { id createdAt action objectType objectId actorType actorName source summary
                     changes { field old new } } } }"""


def audit_entries(client: Client, object_type: str, object_id: str) -> list[dict[str, Any]]:
    result = client.data(AUDIT, {"f": {"objectType": object_type, "objectId": object_id},
                                 "first": 500})["auditLog"]
    nodes: list[dict[str, Any]] = result["nodes"]
    assert len(nodes) == result["totalCount"]
    return nodes


class Watch:
    """The audit entries an object gets while the ``with`` block runs."""

    def __init__(self, client: Client, object_type: str, object_id: str) -> None:
        self.client, self.object_type, self.object_id = client, object_type, object_id
        self.new: list[dict[str, Any]] = []

    def __enter__(self) -> Watch:
        self.before = {e["id"] for e in audit_entries(self.client, self.object_type,
                                                      self.object_id)}
        return self

    def __exit__(self, *exc: object) -> None:
        self.new = [e for e in audit_entries(self.client, self.object_type, self.object_id)
                    if e["id"] not in self.before]

    def one(self, action: str, actor: str = "editor") -> dict[str, Any]:
        """The single new entry, checked for action, object and actor; its changes by field."""
        assert len(self.new) == 1, self.new
        entry = self.new[0]
        assert entry["action"] == action
        assert (entry["objectType"], entry["objectId"]) == (self.object_type, self.object_id)
        assert entry["actorName"] == actor
        assert entry["actorType"] == ("token" if actor.startswith("token:") else "user")
        return {c["field"]: (c["old"], c["new"]) for c in entry["changes"]}


def asset_id(client: Client, tag: str) -> str:
    nodes = client.data("query($t: String) { assets(filter: {text: $t}) { nodes { id assetTag } } }",
                        {"t": tag})["assets"]["nodes"]
    found = [n["id"] for n in nodes if n["assetTag"] == tag]
    assert len(found) == 1, nodes
    return str(found[0])


def asset_row(client: Client, id: str) -> dict[str, Any]:
    result: dict[str, Any] = client.data("""query($id: ID!) { asset(id: $id) {
      id name assetTag serialNumber notes mapX mapY status { id } location { id } } }""",
                                         {"id": id})["asset"]
    return result


def ok(client: Client, mutation: str, variables: dict[str, Any]) -> dict[str, Any]:
    data = client.data(mutation, variables)
    payload: dict[str, Any] = next(iter(data.values()))
    assert payload["errors"] == [], payload["errors"]
    return payload


SET_NOTES = """mutation($id: ID!, $notes: String) { setAssetNotes(id: $id, notes: $notes) {
  asset { notes } errors { code } } }"""
UPDATE = """mutation($id: ID!, $input: AssetUpdateInput!) { updateAsset(id: $id, input: $input) {
  asset { name } errors { code field } } }"""


def test_set_notes_records_old_and_new(viewer: Client, editor: Client) -> None:
    gauge = asset_id(viewer, "GAUGE-0010")
    assert asset_row(viewer, gauge)["notes"] is None
    text = f"recalibrate {uuid.uuid4().hex[:6]}"
    with Watch(viewer, "asset", gauge) as watch:
        ok(editor, SET_NOTES, {"id": gauge, "notes": text})
    assert watch.one("update") == {"notes": (None, text)}
    assert watch.new[0]["source"] == "api"
    with Watch(viewer, "asset", gauge) as watch:
        ok(editor, SET_NOTES, {"id": gauge, "notes": None})
    assert watch.one("update") == {"notes": (text, None)}


def test_an_update_that_changes_nothing_writes_no_entry(viewer: Client, editor: Client) -> None:
    gauge = asset_id(viewer, "GAUGE-0011")
    row = asset_row(viewer, gauge)
    with Watch(viewer, "asset", gauge) as watch:
        ok(editor, UPDATE, {"id": gauge, "input": {"name": row["name"],
                                                   "serialNumber": row["serialNumber"]}})
        ok(editor, SET_NOTES, {"id": gauge, "notes": row["notes"]})
        ok(editor, """mutation($id: ID!, $s: ID!) { setAssetStatus(id: $id, statusId: $s) {
          errors { code } } }""", {"id": gauge, "s": row["status"]["id"]})
    assert watch.new == []


def test_a_refused_update_writes_no_entry(viewer: Client, editor: Client) -> None:
    gauge, other = asset_id(viewer, "GAUGE-0012"), asset_id(viewer, "GAUGE-0013")
    with Watch(viewer, "asset", gauge) as watch:
        result = editor.data(UPDATE, {"id": gauge, "input": {"assetTag": "GAUGE-0013",
                                                             "name": "renamed"}})["updateAsset"]
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("CONFLICT", ["input", "assetTag"])]
    assert watch.new == []
    assert asset_row(viewer, gauge)["name"] == "gauge-012"
    assert asset_row(viewer, other)["assetTag"] == "GAUGE-0013"


def test_update_asset_records_each_changed_field(viewer: Client, editor: Client) -> None:
    gauge = asset_id(viewer, "GAUGE-0014")
    row = asset_row(viewer, gauge)
    new_name = f"gauge-014-{uuid.uuid4().hex[:6]}"
    with Watch(viewer, "asset", gauge) as watch:
        ok(editor, UPDATE, {"id": gauge, "input": {"name": new_name, "serialNumber": "SN-NEW",
                                                   "assetTag": row["assetTag"]}})
    try:
        assert watch.one("update") == {"name": (row["name"], new_name),
                                       "serialnumber": (row["serialNumber"], "SN-NEW")}
        assert watch.new[0]["summary"] == new_name
    finally:
        ok(editor, UPDATE, {"id": gauge, "input": {"name": row["name"],
                                                   "serialNumber": row["serialNumber"]}})


def test_status_location_and_position_changes(viewer: Client, editor: Client) -> None:
    gauge = asset_id(viewer, "GAUGE-0015")
    row = asset_row(viewer, gauge)
    statuses = {s["code"]: s["id"] for s in viewer.data("{ assetStatuses { id code } }")[
        "assetStatuses"]}
    locations = {loc["name"]: loc["id"] for loc in viewer.data("{ locations { id name } }")[
        "locations"]}
    status_mut = """mutation($id: ID!, $s: ID!) { setAssetStatus(id: $id, statusId: $s) {
      errors { code } } }"""
    location_mut = """mutation($id: ID!, $l: ID) { setAssetLocation(id: $id, locationId: $l) {
      errors { code } } }"""
    position_mut = """mutation($id: ID!, $x: Float, $y: Float) { setAssetPosition(id: $id, x: $x,
      y: $y) { errors { code } } }"""
    target_status = statuses["retired"]
    target_location = locations["Office / IT room"]
    try:
        with Watch(viewer, "asset", gauge) as watch:
            ok(editor, status_mut, {"id": gauge, "s": target_status})
        assert watch.one("update") == {"statusid": (int(row["status"]["id"]), int(target_status))}
        with Watch(viewer, "asset", gauge) as watch:
            ok(editor, location_mut, {"id": gauge, "l": target_location})
        assert watch.one("update") == {
            "locationid": (int(row["location"]["id"]), int(target_location))}
        with Watch(viewer, "asset", gauge) as watch:
            ok(editor, position_mut, {"id": gauge, "x": 10.5, "y": 20.25})
        assert watch.one("update") == {"mapx": (None, 10.5), "mapy": (None, 20.25)}
    finally:
        ok(editor, status_mut, {"id": gauge, "s": row["status"]["id"]})
        ok(editor, location_mut, {"id": gauge, "l": row["location"]["id"]})
        ok(editor, position_mut, {"id": gauge, "x": None, "y": None})
    assert asset_row(viewer, gauge) == row


def test_relate_and_unrelate_are_recorded_on_the_source(viewer: Client, editor: Client) -> None:
    source, target = asset_id(viewer, "PRN-0010"), asset_id(viewer, "SW-0010")
    with Watch(viewer, "asset", source) as watch:
        rel = ok(editor, """mutation($input: RelationshipInput!) { relateAssets(input: $input) {
          relationship { id } errors { code } } }""",
                 {"input": {"sourceId": source, "targetId": target, "type": "connected_to"}}
                 )["relationship"]
    described = {"id": int(rel["id"]), "type": "connected_to", "target": int(target),
                 "inheritsposition": False}
    assert watch.one("relate") == {"relationship": (None, described)}
    with Watch(viewer, "asset", source) as watch:
        ok(editor, """mutation($id: ID!) { unrelateAssets(id: $id) { errors { code } } }""",
           {"id": rel["id"]})
    assert watch.one("unrelate") == {"relationship": (described, None)}


def test_history_lists_an_assets_entries_newest_first(viewer: Client, editor: Client) -> None:
    gauge = asset_id(viewer, "GAUGE-0016")
    marks = [f"h{i}-{uuid.uuid4().hex[:6]}" for i in range(3)]
    for mark in marks:
        ok(editor, SET_NOTES, {"id": gauge, "notes": mark})
    ok(editor, SET_NOTES, {"id": gauge, "notes": None})
    query = """query($id: ID!, $n: Int!) { asset(id: $id) { history(first: $n) {
      id action objectId actorName changes { field old new } } } }"""
    history = viewer.data(query, {"id": gauge, "n": 3})["asset"]["history"]
    assert len(history) == 3
    assert [h["changes"][0]["new"] for h in history] == [None, marks[2], marks[1]]
    assert [h["changes"][0]["old"] for h in history] == [marks[2], marks[1], marks[0]]
    assert {(h["action"], h["objectId"], h["actorName"]) for h in history} == {
        ("update", gauge, "editor")}
    log = audit_entries(viewer, "asset", gauge)
    assert [h["id"] for h in history] == [e["id"] for e in log[:3]]
    assert viewer.data(query, {"id": gauge, "n": 1})["asset"]["history"] == history[:1]
    assert viewer.data(query, {"id": gauge, "n": 0})["asset"]["history"] == []


def test_api_token_and_source_header_are_recorded(
    viewer: Client, admin: Client, editor: Client
) -> None:
    name = f"audit-writer-{uuid.uuid4().hex[:6]}"
    secret = ok(admin, """mutation($input: ApiTokenInput!) { createApiToken(input: $input) {
      secret errors { code } } }""", {"input": {"name": name, "scopes": ["write"]}})["secret"]
    gauge = asset_id(viewer, "GAUGE-0017")
    with Watch(viewer, "asset", gauge) as watch:
        ok(editor.as_token(secret), SET_NOTES, {"id": gauge, "notes": "by token"})
    assert watch.one("update", actor=f"token:{name}") == {"notes": (None, "by token")}
    with Watch(viewer, "asset", gauge) as watch:
        response = editor.post(SET_NOTES, {"id": gauge, "notes": None},
                               headers={"X-Shopdb-Source": "ui"})
        assert response.json()["data"]["setAssetNotes"]["errors"] == []
    assert watch.one("update") == {"notes": ("by token", None)}
    assert watch.new[0]["source"] == "ui"


LOCATION_FIELDS = "location { id } errors { code field }"


def test_location_create_update_delete(viewer: Client, admin: Client) -> None:
    name = f"Audit area {uuid.uuid4().hex[:8]}"
    created = ok(admin, f"""mutation($input: LocationInput!) {{ createLocation(input: $input) {{
      {LOCATION_FIELDS} }} }}""", {"input": {"name": name, "kind": "cell", "mapX": 5.0}})
    loc = created["location"]["id"]
    [entry] = audit_entries(viewer, "location", loc)
    assert entry["action"] == "create" and entry["actorName"] == "admin"
    assert {c["field"]: (c["old"], c["new"]) for c in entry["changes"]} == {
        "name": (None, name), "kind": (None, "cell"), "mapx": (None, 5.0)}

    with Watch(viewer, "location", loc) as watch:
        ok(admin, f"""mutation($id: ID!, $input: LocationUpdateInput!) {{
          updateLocation(id: $id, input: $input) {{ {LOCATION_FIELDS} }} }}""",
           {"id": loc, "input": {"description": "north wall", "mapX": None, "kind": "cell"}})
    assert watch.one("update", actor="admin") == {"description": (None, "north wall"),
                                                   "mapx": (5.0, None)}
    with Watch(viewer, "location", loc) as watch:
        ok(admin, """mutation($id: ID!) { deleteLocation(id: $id) { deletedId errors { code } } }""",
           {"id": loc})
    assert watch.one("delete", actor="admin") == {
        "name": (name, None), "kind": ("cell", None), "description": ("north wall", None)}


def test_user_create_and_update(viewer: Client, admin: Client) -> None:
    username = f"audit-{uuid.uuid4().hex[:8]}"
    user = ok(admin, """mutation($input: UserInput!) { createUser(input: $input) {
      user { id role } errors { code } } }""",
              {"input": {"username": username, "password": "long-enough-1", "role": "VIEWER"}}
              )["user"]
    # Accounts are admin business: a viewer sees none of their entries (hardening #10).
    assert audit_entries(viewer, "user", user["id"]) == []
    [entry] = audit_entries(admin, "user", user["id"])
    assert (entry["action"], entry["actorName"]) == ("create", "admin")
    assert {c["field"]: (c["old"], c["new"]) for c in entry["changes"]} == {
        "username": (None, username), "role": (None, "viewer")}

    update = """mutation($id: ID!, $input: UserUpdateInput!) { updateUser(id: $id, input: $input) {
      user { role } errors { code } } }"""
    with Watch(admin, "user", user["id"]) as watch:
        ok(admin, update, {"id": user["id"], "input": {"role": "EDITOR",
                                                       "password": "another-secret-2"}})
    changes = watch.one("update", actor="admin")
    assert changes == {"role": ("viewer", "editor"), "password": ("***", "***")}
    with Watch(admin, "user", user["id"]) as watch:
        ok(admin, update, {"id": user["id"], "input": {"role": "EDITOR"}})
    assert watch.new == []


def test_api_token_create_and_revoke(viewer: Client, admin: Client) -> None:
    name = f"audit-token-{uuid.uuid4().hex[:6]}"
    token = ok(admin, """mutation($input: ApiTokenInput!) { createApiToken(input: $input) {
      apiToken { id } errors { code } } }""",
               {"input": {"name": name, "scopes": ["read", "ingest:computers"]}})["apiToken"]
    assert audit_entries(viewer, "apitoken", token["id"]) == []
    [entry] = audit_entries(admin, "apitoken", token["id"])
    assert (entry["action"], entry["actorName"]) == ("create", "admin")
    changes = {c["field"]: (c["old"], c["new"]) for c in entry["changes"]}
    assert changes["name"] == (None, name)
    assert changes["scopes"][0] is None
    assert sorted(changes["scopes"][1]) == ["ingest:computers", "read"]
    assert set(changes) == {"name", "scopes"}
    assert all("shp_" not in str(c) for c in entry["changes"])

    revoke = """mutation($id: ID!) { revokeApiToken(id: $id) { apiToken { revokedAt }
      errors { code } } }"""
    with Watch(admin, "apitoken", token["id"]) as watch:
        revoked_at = ok(admin, revoke, {"id": token["id"]})["apiToken"]["revokedAt"]
    changes = watch.one("revoke", actor="admin")
    assert list(changes) == ["revokedat"]
    old, new = changes["revokedat"]
    assert old is None and new[:19] == revoked_at[:19]
    with Watch(admin, "apitoken", token["id"]) as watch:
        ok(admin, revoke, {"id": token["id"]})
    assert watch.new == []


@pytest.fixture
def scratch_asset(database_url: str, viewer: Client) -> Iterator[dict[str, Any]]:
    """A non-demo asset inserted straight into the database (core has no createAsset)."""
    status = viewer.data("{ assetStatuses { id code } }")["assetStatuses"][0]["id"]
    tag = f"TST-{uuid.uuid4().hex[:8].upper()}"

    async def insert() -> int:
        db = Database(database_url)
        try:
            async with db.transaction() as session:
                row = Asset(assettag=tag, name=f"scratch {tag}", kind="testgadget",
                            statusid=int(status), notes="to be deleted")
                session.add(row)
                await session.flush()
                return row.id
        finally:
            await db.dispose()

    async def remove(id: int) -> None:
        db = Database(database_url)
        try:
            async with db.transaction() as session:
                row = await session.get(Asset, id)
                if row is not None:
                    await session.delete(row)
        finally:
            await db.dispose()

    id = asyncio.run(insert())
    yield {"id": str(id), "assetTag": tag, "statusId": int(status)}
    asyncio.run(remove(id))


def test_delete_asset_records_the_old_values(
    viewer: Client, editor: Client, scratch_asset: dict[str, Any]
) -> None:
    id, tag = scratch_asset["id"], scratch_asset["assetTag"]
    other = asset_id(viewer, "SW-0011")
    rel = ok(editor, """mutation($input: RelationshipInput!) { relateAssets(input: $input) {
      relationship { id } errors { code } } }""",
             {"input": {"sourceId": other, "targetId": id, "type": "uplink"}})["relationship"]
    with Watch(viewer, "asset", id) as watch:
        deleted = ok(editor, """mutation($id: ID!) { deleteAsset(id: $id) {
          deletedId errors { code } } }""", {"id": id})
    assert deleted["deletedId"] == id
    assert watch.one("delete") == {
        "assettag": (tag, None), "name": (f"scratch {tag}", None), "kind": ("testgadget", None),
        "statusid": (scratch_asset["statusId"], None), "notes": ("to be deleted", None)}
    assert viewer.data("query($id: ID!) { asset(id: $id) { id } }", {"id": id})["asset"] is None
    rels = viewer.data("query($id: ID!) { asset(id: $id) { relationships { id } } }",
                       {"id": other})["asset"]["relationships"]
    assert rel["id"] not in {r["id"] for r in rels}
    again = editor.data("""mutation($id: ID!) { deleteAsset(id: $id) {
      deletedId errors { code } } }""", {"id": id})["deleteAsset"]
    assert [e["code"] for e in again["errors"]] == ["NOT_FOUND"]
