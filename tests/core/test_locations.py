"""Site areas: create, rename, nest, delete (admin only), with typed payload errors."""

from __future__ import annotations

import uuid
from typing import Any

from tests.harness import Client, Server, error_codes

CREATE = """mutation($input: LocationInput!) { createLocation(input: $input) {
  location { id name kind description mapX mapY parentId parent { name } }
  errors { field code message } } }"""
UPDATE = """mutation($id: ID!, $input: LocationUpdateInput!) { updateLocation(id: $id, input: $input) {
  location { id name kind description mapX mapY parentId parent { name } }
  errors { field code message } } }"""
DELETE = """mutation($id: ID!) { deleteLocation(id: $id) { deletedId errors { field code message } } }"""
ONE = "query($id: ID!) { location(id: $id) { id name parentId } }"


def unique(prefix: str = "Test area") -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def create(admin: Client, **input: Any) -> dict[str, Any]:
    result: dict[str, Any] = admin.data(CREATE, {"input": input})["createLocation"]
    return result


def codes(payload: dict[str, Any]) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


def test_create_location_with_parent(admin: Client, viewer: Client) -> None:
    parent = create(admin, name=unique("Hall"), kind="building", mapX=10.0, mapY=20.0)
    assert parent["errors"] == []
    name = unique("Bay")
    child = create(admin, name=f"  {name} ", kind="bay", parentId=parent["location"]["id"],
                   description="by the door")
    assert child["errors"] == []
    loc = child["location"]
    assert (loc["name"], loc["kind"], loc["description"]) == (name, "bay", "by the door")
    assert loc["parentId"] == parent["location"]["id"]
    assert loc["parent"] == {"name": parent["location"]["name"]}
    listed = {row["name"]: row for row in viewer.data("{ locations { id name parentId } }")[
        "locations"]}
    assert listed[name]["parentId"] == parent["location"]["id"]
    assert viewer.data(ONE, {"id": loc["id"]})["location"]["name"] == name
    for row in (loc, parent["location"]):
        assert admin.data(DELETE, {"id": row["id"]})["deleteLocation"]["errors"] == []


def test_default_kind_is_area(admin: Client) -> None:
    loc = create(admin, name=unique())["location"]
    assert loc["kind"] == "area" and loc["mapX"] is None and loc["parent"] is None
    admin.data(DELETE, {"id": loc["id"]})


def test_duplicate_name_is_a_conflict(admin: Client) -> None:
    result = create(admin, name="Tool crib")
    assert result["location"] is None
    assert codes(result) == [("CONFLICT", ["input", "name"])]
    assert "Tool crib" in result["errors"][0]["message"]


def test_invalid_names_and_unknown_parent(admin: Client) -> None:
    assert codes(create(admin, name="   ")) == [("INVALID", ["input", "name"])]
    assert codes(create(admin, name="x" * 121)) == [("INVALID", ["input", "name"])]
    assert codes(create(admin, name=unique(), parentId="99999999")) == [
        ("NOT_FOUND", ["input", "parentId"])]


def test_update_location(admin: Client, viewer: Client) -> None:
    loc = create(admin, name=unique(), mapX=1.0, mapY=2.0, description="old")["location"]
    new_name = unique("Renamed")
    updated = admin.data(UPDATE, {"id": loc["id"], "input": {"name": new_name, "mapX": 3.5,
                                                             "description": None}})
    result = updated["updateLocation"]
    assert result["errors"] == []
    assert (result["location"]["name"], result["location"]["mapX"]) == (new_name, 3.5)
    assert result["location"]["mapY"] == 2.0, "omitted fields stay"
    assert result["location"]["description"] is None, "null clears"
    assert viewer.data(ONE, {"id": loc["id"]})["location"]["name"] == new_name

    same = admin.data(UPDATE, {"id": loc["id"], "input": {"name": new_name}})["updateLocation"]
    assert same["errors"] == [], "keeping its own name is not a conflict"
    clash = admin.data(UPDATE, {"id": loc["id"], "input": {"name": "Tool crib"}})["updateLocation"]
    assert codes(clash) == [("CONFLICT", ["input", "name"])]
    missing = admin.data(UPDATE, {"id": "99999999", "input": {"name": unique()}})["updateLocation"]
    assert codes(missing) == [("NOT_FOUND", ["id"])]
    admin.data(DELETE, {"id": loc["id"]})


def test_a_location_cannot_be_its_own_parent(admin: Client, viewer: Client) -> None:
    loc = create(admin, name=unique())["location"]
    result = admin.data(UPDATE, {"id": loc["id"], "input": {"parentId": loc["id"]}})
    assert codes(result["updateLocation"]) == [("INVALID", ["input", "parentId"])]
    assert viewer.data(ONE, {"id": loc["id"]})["location"]["parentId"] is None
    admin.data(DELETE, {"id": loc["id"]})


def test_moving_and_unparenting(admin: Client) -> None:
    hall = create(admin, name=unique("Hall"))["location"]
    bay = create(admin, name=unique("Bay"))["location"]
    moved = admin.data(UPDATE, {"id": bay["id"], "input": {"parentId": hall["id"]}})
    assert moved["updateLocation"]["location"]["parent"] == {"name": hall["name"]}
    freed = admin.data(UPDATE, {"id": bay["id"], "input": {"parentId": None}})
    assert freed["updateLocation"]["location"]["parentId"] is None
    for row in (bay, hall):
        admin.data(DELETE, {"id": row["id"]})


def test_delete_a_location_in_use_is_refused(admin: Client, viewer: Client) -> None:
    crib = {row["name"]: row["id"] for row in viewer.data("{ locations { id name } }")[
        "locations"]}["Tool crib"]
    result = admin.data(DELETE, {"id": crib})["deleteLocation"]
    assert result["deletedId"] is None
    assert codes(result) == [("IN_USE", ["id"])]
    assert viewer.data(ONE, {"id": crib})["location"]["name"] == "Tool crib"


def test_delete_an_empty_location(admin: Client, viewer: Client) -> None:
    loc = create(admin, name=unique())["location"]
    result = admin.data(DELETE, {"id": loc["id"]})["deleteLocation"]
    assert result == {"deletedId": loc["id"], "errors": []}
    assert viewer.data(ONE, {"id": loc["id"]})["location"] is None
    again = admin.data(DELETE, {"id": loc["id"]})["deleteLocation"]
    assert codes(again) == [("NOT_FOUND", ["id"])]


def test_deleting_a_parent_keeps_its_children(admin: Client, viewer: Client) -> None:
    hall = create(admin, name=unique("Hall"))["location"]
    bay = create(admin, name=unique("Bay"), parentId=hall["id"])["location"]
    assert admin.data(DELETE, {"id": hall["id"]})["deleteLocation"]["errors"] == []
    assert viewer.data(ONE, {"id": bay["id"]})["location"] == {
        "id": bay["id"], "name": bay["name"], "parentId": None}
    admin.data(DELETE, {"id": bay["id"]})


def test_only_admins_manage_locations(editor: Client, viewer: Client, anon: Client) -> None:
    variables = {"input": {"name": unique()}}
    assert error_codes(editor.execute(CREATE, variables)) == ["FORBIDDEN"]
    assert error_codes(viewer.execute(CREATE, variables)) == ["FORBIDDEN"]
    assert error_codes(anon.execute(CREATE, variables)) == ["UNAUTHENTICATED"]
    names = {row["name"] for row in viewer.data("{ locations { name } }")["locations"]}
    assert variables["input"]["name"] not in names


def test_asset_count_matches_the_asset_filter(server: Server, viewer: Client) -> None:
    query = "{ locations { id name assetCount } }"
    server.counter.reset()
    locations = viewer.data(query)["locations"]
    assert len([s for s in server.counter.statements if "FROM settings" not in s]) <= 3
    assert sum(loc["assetCount"] for loc in locations) > 100  # the demo site is furnished
    for loc in locations:
        filtered = viewer.data(
            "query($l: ID!) { assets(first: 0, filter: {locations: [$l]}) { totalCount } }",
            {"l": loc["id"]})["assets"]["totalCount"]
        assert loc["assetCount"] == filtered, loc


PC = """mutation($input: ComputerInput!) { createComputer(input: $input) {
  computer { id } errors { code message } } }"""
COUNTS = "query($id: ID!) { location(id: $id) { assetCount directAssetCount } }"
IN_LOCATION = """query($l: ID!) { assets(first: 10, filter: {locations: [$l]}) { totalCount nodes { id } }
  computers(first: 10, filter: {locations: [$l]}) { totalCount } }"""


def test_a_hall_counts_and_finds_the_assets_of_its_bays_and_cells(admin: Client,
                                                                   viewer: Client) -> None:
    hall = create(admin, name=unique("Hall"), kind="building")["location"]
    bay = create(admin, name=unique("Bay"), kind="bay", parentId=hall["id"])["location"]
    cell = create(admin, name=unique("Cell"), kind="cell", parentId=bay["id"])["location"]
    made = admin.data(PC, {"input": {"hostname": f"pc-{uuid.uuid4().hex[:8]}",
                                     "locationId": cell["id"]}})["createComputer"]
    assert made["errors"] == []
    pc = made["computer"]["id"]
    for where, total, direct in ((hall, 1, 0), (bay, 1, 0), (cell, 1, 1)):
        assert viewer.data(COUNTS, {"id": where["id"]})["location"] == {
            "assetCount": total, "directAssetCount": direct}
        found = viewer.data(IN_LOCATION, {"l": where["id"]})
        assert found["assets"]["totalCount"] == total and found["assets"]["nodes"] == [{"id": pc}]
        assert found["computers"]["totalCount"] == total
    sibling = create(admin, name=unique("Other hall"))["location"]
    assert viewer.data(IN_LOCATION, {"l": sibling["id"]})["assets"]["totalCount"] == 0


def test_a_location_cannot_move_below_its_own_descendant(admin: Client, viewer: Client) -> None:
    hall = create(admin, name=unique("Hall"))["location"]
    bay = create(admin, name=unique("Bay"), parentId=hall["id"])["location"]
    cell = create(admin, name=unique("Cell"), parentId=bay["id"])["location"]
    result = admin.data(UPDATE, {"id": hall["id"], "input": {"parentId": cell["id"]}})
    assert codes(result["updateLocation"]) == [("INVALID", ["input", "parentId"])]
    assert viewer.data(ONE, {"id": hall["id"]})["location"]["parentId"] is None
    # Moving within the tree the other way is fine.
    moved = admin.data(UPDATE, {"id": cell["id"], "input": {"parentId": hall["id"]}})
    assert moved["updateLocation"]["errors"] == []
