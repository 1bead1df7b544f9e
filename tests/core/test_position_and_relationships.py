"""Map position resolution (ADR-001) and asset relationships, over HTTP.

Demo assets changed here are restored before each test ends.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.harness import Client, error_codes

ASSET = """query($id: ID!) { asset(id: $id) {
  id assetTag name mapX mapY location { id mapX mapY }
  position { x y source fromAssetId fromLocationId }
  relationships { id type inheritsPosition sourceId targetId source { name } target { name } }
} }"""

SET_POSITION = """mutation($id: ID!, $x: Float, $y: Float) {
  setAssetPosition(id: $id, x: $x, y: $y) {
    asset { position { x y source fromAssetId fromLocationId } } errors { field code message } } }"""

RELATE = """mutation($input: RelationshipInput!) { relateAssets(input: $input) {
  relationship { id type inheritsPosition sourceId targetId source { name } target { name } }
  errors { field code message } } }"""

UNRELATE = """mutation($id: ID!) { unrelateAssets(id: $id) {
  deletedId errors { field code message } } }"""


def asset_id(client: Client, tag: str) -> str:
    nodes = client.data("query($t: String) { assets(filter: {text: $t}) { nodes { id assetTag } } }",
                        {"t": tag})["assets"]["nodes"]
    found = [n["id"] for n in nodes if n["assetTag"] == tag]
    assert len(found) == 1, nodes
    return str(found[0])


def asset(client: Client, id: str) -> dict[str, Any]:
    result: dict[str, Any] = client.data(ASSET, {"id": id})["asset"]
    return result


def relate(client: Client, **input: Any) -> dict[str, Any]:
    result: dict[str, Any] = client.data(RELATE, {"input": input})["relateAssets"]
    return result


@pytest.fixture
def machine_and_pc(viewer: Client, editor: Client) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """A demo machine and the PC controlling it; the machine's own position is restored after."""
    machine = asset(viewer, asset_id(viewer, "CNC-0040"))
    pcs = [r for r in machine["relationships"]
           if r["type"] == "controls" and r["targetId"] == machine["id"] and r["inheritsPosition"]]
    assert len(pcs) == 1, machine["relationships"]
    pc = asset(viewer, pcs[0]["sourceId"])
    yield machine, pc
    restored = editor.data(SET_POSITION, {"id": machine["id"], "x": machine["mapX"],
                                          "y": machine["mapY"]})["setAssetPosition"]
    assert restored["errors"] == []
    editor.data(SET_POSITION, {"id": pc["id"], "x": None, "y": None})


def test_equipment_uses_its_own_position(viewer: Client) -> None:
    machine = asset(viewer, asset_id(viewer, "CNC-0001"))
    assert machine["mapX"] is not None and machine["mapY"] is not None
    assert machine["position"] == {"x": machine["mapX"], "y": machine["mapY"], "source": "ASSET",
                                   "fromAssetId": None, "fromLocationId": None}


def test_controlling_pc_inherits_the_machine_position(
    viewer: Client, machine_and_pc: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    machine, pc = machine_and_pc
    assert pc["assetTag"].startswith("PC-") and pc["mapX"] is None
    assert pc["position"] == {"x": machine["mapX"], "y": machine["mapY"],
                              "source": "RELATED_ASSET", "fromAssetId": machine["id"],
                              "fromLocationId": None}


def test_without_the_machine_position_the_pc_follows_the_machine_location(
    viewer: Client, editor: Client, machine_and_pc: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    machine, pc = machine_and_pc
    cleared = editor.data(SET_POSITION, {"id": machine["id"], "x": None, "y": None})
    assert cleared["setAssetPosition"]["errors"] == []
    cell = machine["location"]
    assert cleared["setAssetPosition"]["asset"]["position"] == {
        "x": cell["mapX"], "y": cell["mapY"], "source": "LOCATION", "fromAssetId": None,
        "fromLocationId": cell["id"]}
    assert asset(viewer, pc["id"])["position"] == {
        "x": cell["mapX"], "y": cell["mapY"], "source": "RELATED_ASSET",
        "fromAssetId": machine["id"], "fromLocationId": cell["id"]}


def test_an_own_position_wins_over_the_relationship(
    viewer: Client, editor: Client, machine_and_pc: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    _, pc = machine_and_pc
    moved = editor.data(SET_POSITION, {"id": pc["id"], "x": 12.5, "y": 34.0})["setAssetPosition"]
    assert moved["errors"] == []
    assert moved["asset"]["position"] == {"x": 12.5, "y": 34.0, "source": "ASSET",
                                          "fromAssetId": None, "fromLocationId": None}
    assert asset(viewer, pc["id"])["mapX"] == 12.5


def test_position_needs_both_coordinates(editor: Client, viewer: Client) -> None:
    machine = asset(viewer, asset_id(viewer, "CNC-0002"))
    result = editor.data(SET_POSITION, {"id": machine["id"], "x": 1.0, "y": None})
    assert [e["code"] for e in result["setAssetPosition"]["errors"]] == ["INVALID"]
    assert asset(viewer, machine["id"])["mapX"] == machine["mapX"]


def test_an_asset_without_related_position_uses_its_location(viewer: Client) -> None:
    pc = asset(viewer, asset_id(viewer, "PC-0060"))
    assert pc["mapX"] is None
    assert not any(r["inheritsPosition"] for r in pc["relationships"])
    office = pc["location"]
    assert pc["position"] == {"x": office["mapX"], "y": office["mapY"], "source": "LOCATION",
                              "fromAssetId": None, "fromLocationId": office["id"]}


def test_an_asset_without_location_has_no_position(viewer: Client, editor: Client) -> None:
    pc = asset(viewer, asset_id(viewer, "PC-0061"))
    move = """mutation($id: ID!, $loc: ID) { setAssetLocation(id: $id, locationId: $loc) {
      asset { location { id } position { source } } errors { code } } }"""
    try:
        result = editor.data(move, {"id": pc["id"], "loc": None})["setAssetLocation"]
        assert result == {"asset": {"location": None, "position": None}, "errors": []}
    finally:
        restored = editor.data(move, {"id": pc["id"], "loc": pc["location"]["id"]})
        assert restored["setAssetLocation"]["asset"]["position"]["source"] == "LOCATION"


def test_relating_with_inherits_position_moves_the_asset(viewer: Client, editor: Client) -> None:
    pc_id, machine_id = asset_id(viewer, "PC-0062"), asset_id(viewer, "CNC-0005")
    machine = asset(viewer, machine_id)
    made = relate(editor, sourceId=pc_id, targetId=machine_id, type="Controls",
                  inheritsPosition=True)
    assert made["errors"] == []
    rel = made["relationship"]
    try:
        assert (rel["type"], rel["inheritsPosition"]) == ("controls", True)
        assert (rel["sourceId"], rel["targetId"]) == (pc_id, machine_id)
        assert (rel["source"]["name"], rel["target"]["name"]) == ("pc-062", "cnc-005")
        assert asset(viewer, pc_id)["position"] == {
            "x": machine["mapX"], "y": machine["mapY"], "source": "RELATED_ASSET",
            "fromAssetId": machine_id, "fromLocationId": None}
    finally:
        assert editor.data(UNRELATE, {"id": rel["id"]})["unrelateAssets"]["errors"] == []
    assert asset(viewer, pc_id)["position"]["source"] == "LOCATION"


def test_relationships_show_on_both_ends_and_unrelate_removes_them(
    viewer: Client, editor: Client
) -> None:
    a, b = asset_id(viewer, "SW-0003"), asset_id(viewer, "PRN-0004")
    kind = f"uplink-{uuid.uuid4().hex[:8]}"
    made = relate(editor, sourceId=a, targetId=b, type=kind)
    assert made["errors"] == []
    rel = made["relationship"]
    assert rel["inheritsPosition"] is False
    for end in (a, b):
        mine = [r for r in asset(viewer, end)["relationships"] if r["id"] == rel["id"]]
        assert mine == [{"id": rel["id"], "type": kind, "inheritsPosition": False, "sourceId": a,
                         "targetId": b, "source": {"name": "sw-003"},
                         "target": {"name": "prn-004"}}]

    gone = editor.data(UNRELATE, {"id": rel["id"]})["unrelateAssets"]
    assert gone == {"deletedId": rel["id"], "errors": []}
    for end in (a, b):
        assert rel["id"] not in {r["id"] for r in asset(viewer, end)["relationships"]}
    again = editor.data(UNRELATE, {"id": rel["id"]})["unrelateAssets"]
    assert again["deletedId"] is None
    assert [e["code"] for e in again["errors"]] == ["NOT_FOUND"]


def test_relate_validation(viewer: Client, editor: Client) -> None:
    a, b = asset_id(viewer, "USB-0001"), asset_id(viewer, "GAUGE-0001")
    self_rel = relate(editor, sourceId=a, targetId=a, type="controls")
    assert self_rel["relationship"] is None
    assert [(e["code"], e["field"]) for e in self_rel["errors"]] == [
        ("INVALID", ["input", "targetId"])]

    missing = relate(editor, sourceId=a, targetId="99999999", type="controls")
    assert [(e["code"], e["field"]) for e in missing["errors"]] == [
        ("NOT_FOUND", ["input", "targetId"])]
    missing_source = relate(editor, sourceId="99999999", targetId=a, type="controls")
    assert [(e["code"], e["field"]) for e in missing_source["errors"]] == [
        ("NOT_FOUND", ["input", "sourceId"])]

    blank = relate(editor, sourceId=a, targetId=b, type="  ")
    assert [(e["code"], e["field"]) for e in blank["errors"]] == [("INVALID", ["input", "type"])]

    kind = f"stored-{uuid.uuid4().hex[:8]}"
    first = relate(editor, sourceId=a, targetId=b, type=kind)
    assert first["errors"] == []
    try:
        duplicate = relate(editor, sourceId=a, targetId=b, type=f" {kind.upper()} ")
        assert duplicate["relationship"] is None
        assert [e["code"] for e in duplicate["errors"]] == ["CONFLICT"]
        mine = [r for r in asset(viewer, a)["relationships"] if r["type"] == kind]
        assert len(mine) == 1
    finally:
        editor.data(UNRELATE, {"id": first["relationship"]["id"]})


def test_viewers_cannot_relate_or_move(viewer: Client) -> None:
    a, b = asset_id(viewer, "USB-0002"), asset_id(viewer, "GAUGE-0002")
    body = viewer.execute(RELATE, {"input": {"sourceId": a, "targetId": b, "type": "x"}})
    assert error_codes(body) == ["FORBIDDEN"]
    body = viewer.execute(SET_POSITION, {"id": a, "x": 1.0, "y": 2.0})
    assert error_codes(body) == ["FORBIDDEN"]
    assert asset(viewer, a)["mapX"] is None
