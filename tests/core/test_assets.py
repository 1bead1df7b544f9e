"""The assets connection, single-asset lookup and search, over HTTP against the demo site."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from shopdb_gql.core.seed import STATUSES
from tests.harness import Client, error_codes

PAGE = """query($filter: AssetFilter, $orderBy: [AssetOrder!], $first: Int, $after: String) {
  assets(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } }
    nodes { id assetTag name kind notes status { id code } location { id name } }
  }
}"""


def page(client: Client, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = client.data(PAGE, variables)["assets"]
    return result


def location_ids(client: Client) -> dict[str, str]:
    return {row["name"]: row["id"] for row in client.data("{ locations { id name } }")["locations"]}


def status_ids(client: Client) -> dict[str, str]:
    rows = client.data("{ assetStatuses { id code } }")["assetStatuses"]
    return {row["code"]: row["id"] for row in rows}


def tag_id(client: Client, tag: str) -> str:
    nodes = page(client, filter={"text": tag})["nodes"]
    match = [n["id"] for n in nodes if n["assetTag"] == tag]
    assert len(match) == 1, nodes
    return str(match[0])


def test_total_count_of_the_demo_site(viewer: Client) -> None:
    result = page(viewer, first=5)
    assert result["totalCount"] == 200
    assert len(result["nodes"]) == 5
    assert result["pageInfo"]["hasNextPage"] is True
    assert result["pageInfo"]["hasPreviousPage"] is False


def test_first_zero_returns_only_the_count(viewer: Client) -> None:
    result = page(viewer, first=0, filter={"kinds": ["computer"]})
    assert result["totalCount"] == 70
    assert result["nodes"] == [] and result["edges"] == []
    assert result["pageInfo"]["endCursor"] is None


def test_walking_pages_covers_every_asset_once(viewer: Client) -> None:
    flt = {"kinds": ["computer"]}
    seen: list[str] = []
    after: str | None = None
    sizes: list[int] = []
    more = [True]
    while more[-1]:
        result = page(viewer, filter=flt, first=25, after=after)
        assert result["totalCount"] == 70
        assert [e["node"]["id"] for e in result["edges"]] == [n["id"] for n in result["nodes"]]
        seen += [n["id"] for n in result["nodes"]]
        sizes.append(len(result["nodes"]))
        more.append(result["pageInfo"]["hasNextPage"])
        assert result["pageInfo"]["hasPreviousPage"] is (after is not None)
        after = result["pageInfo"]["endCursor"]
        assert len(sizes) <= 4, "paging did not stop"
    assert sizes == [25, 25, 20]
    assert more[1:] == [True, True, False]
    assert len(seen) == len(set(seen)) == 70
    everything = page(viewer, filter=flt, first=100)
    assert set(seen) == {n["id"] for n in everything["nodes"]}
    assert all(n["kind"] == "computer" for n in everything["nodes"])

    past = page(viewer, filter=flt, first=25, after=after)
    assert past["nodes"] == []
    assert past["pageInfo"]["hasNextPage"] is False
    assert past["totalCount"] == 70


@pytest.mark.parametrize(("first", "after"), [(-1, None), (501, None), (5, "not-a-cursor"),
                                              (5, "c2hvcGRiOnYxOi0z")])
def test_bad_paging_arguments_are_user_input_errors(
    viewer: Client, first: int, after: str | None
) -> None:
    body = viewer.execute(PAGE, {"first": first, "after": after})
    assert error_codes(body) == ["BAD_USER_INPUT"]


def test_filter_by_kinds(viewer: Client) -> None:
    result = page(viewer, filter={"kinds": ["printer", "networkdevice"]}, first=100)
    assert result["totalCount"] == 30
    assert {n["kind"] for n in result["nodes"]} == {"printer", "networkdevice"}
    assert page(viewer, filter={"kinds": ["no-such-kind"]})["totalCount"] == 0


def test_filter_by_statuses(viewer: Client) -> None:
    statuses = status_ids(viewer)
    assert set(statuses) == {"in_use", "spare", "in_repair", "ordered", "retired",
                             "stale"}
    total = 0
    for code, status_id in statuses.items():
        result = page(viewer, filter={"statuses": [status_id]}, first=500)
        assert all(n["status"]["code"] == code for n in result["nodes"])
        assert len(result["nodes"]) == result["totalCount"]
        total += result["totalCount"]
    assert total == page(viewer, first=0)["totalCount"]
    both = page(viewer, filter={"statuses": [statuses["spare"], statuses["in_repair"]]}, first=0)
    in_use = page(viewer, filter={"statuses": [statuses["in_use"]]}, first=0)
    assert in_use["totalCount"] > both["totalCount"] > 0


def test_filter_by_locations_and_kinds_together(viewer: Client) -> None:
    crib = location_ids(viewer)["Tool crib"]
    result = page(viewer, filter={"locations": [crib]}, first=100)
    assert result["totalCount"] >= 60
    assert {n["location"]["name"] for n in result["nodes"]} == {"Tool crib"}
    usb = page(viewer, filter={"locations": [crib], "kinds": ["usbdevice"]}, first=100)
    assert usb["totalCount"] == 30
    assert {n["kind"] for n in usb["nodes"]} == {"usbdevice"}
    assert page(viewer, filter={"locations": [crib], "kinds": ["equipment"]})["totalCount"] == 0


def test_non_numeric_filter_ids_are_user_input_errors(viewer: Client) -> None:
    body = viewer.execute(PAGE, {"filter": {"statuses": ["abc"]}})
    assert error_codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("text", ["PC-0007", "pc-0007", " Pc-0007 "])
def test_text_matches_the_asset_tag_case_insensitively(viewer: Client, text: str) -> None:
    result = page(viewer, filter={"text": text})
    assert [n["assetTag"] for n in result["nodes"]] == ["PC-0007"]
    assert result["totalCount"] == 1


@pytest.mark.parametrize("text", ["cnc-01", "CNC-01"])
def test_text_matches_a_name_substring(viewer: Client, text: str) -> None:
    result = page(viewer, filter={"text": text}, orderBy=[{"field": "NAME"}])
    assert [n["name"] for n in result["nodes"]] == [f"cnc-01{d}" for d in range(10)]


@pytest.mark.parametrize("text", ["pc%007", "pc_007", "%", "_"])
def test_like_wildcards_in_text_are_literal(viewer: Client, text: str) -> None:
    assert page(viewer, filter={"text": text})["totalCount"] == 0


def test_text_matches_notes_with_literal_wildcards(editor: Client, viewer: Client) -> None:
    asset_id = tag_id(viewer, "GAUGE-0003")
    before = viewer.data("query($id: ID!) { asset(id: $id) { notes } }", {"id": asset_id})
    marker = f"50%_off-{uuid.uuid4().hex[:8]}"
    set_notes = """mutation($id: ID!, $notes: String) {
      setAssetNotes(id: $id, notes: $notes) { errors { code } } }"""
    assert editor.data(set_notes, {"id": asset_id, "notes": f"Note: {marker}"})[
        "setAssetNotes"]["errors"] == []
    try:
        found = page(viewer, filter={"text": marker.upper()})
        assert [n["assetTag"] for n in found["nodes"]] == ["GAUGE-0003"]
        assert page(viewer, filter={"text": marker.replace("%_", "xy")})["totalCount"] == 0
    finally:
        editor.data(set_notes, {"id": asset_id, "notes": before["asset"]["notes"]})


def test_order_by_name_ascending_and_descending(viewer: Client) -> None:
    flt = {"kinds": ["computer"]}
    asc = [n["name"] for n in page(viewer, filter=flt, first=100,
                                   orderBy=[{"field": "NAME", "direction": "ASC"}])["nodes"]]
    desc = [n["name"] for n in page(viewer, filter=flt, first=100,
                                    orderBy=[{"field": "NAME", "direction": "DESC"}])["nodes"]]
    assert len(asc) == 70
    assert asc == sorted(asc)
    assert desc == list(reversed(asc))
    assert asc[0] == "pc-001" and desc[0] == "pc-070"


def test_order_by_asset_tag(viewer: Client) -> None:
    flt = {"kinds": ["printer", "networkdevice"]}
    tags = [n["assetTag"] for n in page(viewer, filter=flt, first=100,
                                        orderBy=[{"field": "ASSET_TAG"}])["nodes"]]
    assert tags == sorted(tags)
    assert tags[0] == "PRN-0001" and tags[-1] == "SW-0016"
    desc = [n["assetTag"] for n in page(viewer, filter=flt, first=100,
                                        orderBy=[{"field": "ASSET_TAG", "direction": "DESC"}])[
                                            "nodes"]]
    assert desc == list(reversed(tags))


def test_order_by_two_keys(viewer: Client) -> None:
    nodes = page(viewer, filter={"kinds": ["printer", "usbdevice"]}, first=100,
                 orderBy=[{"field": "KIND", "direction": "DESC"}, {"field": "NAME"}])["nodes"]
    keys = [(n["kind"], n["name"]) for n in nodes]
    assert [k for k, _ in keys] == ["usbdevice"] * 30 + ["printer"] * 14
    assert [name for _, name in keys[:30]] == sorted(name for _, name in keys[:30])


def test_asset_by_id_is_its_kinds_type(viewer: Client) -> None:
    asset_id = tag_id(viewer, "CNC-0001")
    data = viewer.data("""query($id: ID!) { asset(id: $id) {
      __typename id assetTag name kind serialNumber createdAt updatedAt status { code }
      location { name } } }""", {"id": asset_id})["asset"]
    kinds = {k["kind"]: k["typeName"] for k in viewer.data("{ assetKinds { kind typeName } }")
             ["assetKinds"]}
    assert data["__typename"] == kinds.get("equipment", "GenericAsset")
    assert data["id"] == asset_id
    assert (data["assetTag"], data["name"], data["kind"]) == ("CNC-0001", "cnc-001", "equipment")
    assert data["serialNumber"].startswith("SN")
    assert data["location"]["name"].startswith("Hall ")


def test_unknown_asset_is_null(viewer: Client) -> None:
    assert viewer.data("{ asset(id: \"99999999\") { id } }")["asset"] is None
    assert error_codes(viewer.execute("{ asset(id: \"x\") { id } }")) == ["BAD_USER_INPUT"]


def test_anonymous_callers_cannot_list_assets(anon: Client) -> None:
    body = anon.execute("{ assets(first: 1) { totalCount } }")
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["data"] is None


SEARCH = """query($text: String!, $first: Int! = 20) { search(text: $text, first: $first) {
  objectType id title subtitle asset { __typename assetTag } location { name } } }"""


def test_search_finds_an_asset_by_tag(viewer: Client) -> None:
    hits = viewer.data(SEARCH, {"text": "PC-0007"})["search"]
    assert len(hits) == 1
    hit = hits[0]
    assert hit["objectType"] == "asset"
    assert hit["asset"]["assetTag"] == "PC-0007"
    assert hit["asset"]["__typename"] in ("Computer", "GenericAsset")
    assert hit["title"] == "pc-007" and "PC-0007" in hit["subtitle"]
    assert hit["location"] is None


def test_search_finds_locations(viewer: Client) -> None:
    hits = viewer.data(SEARCH, {"text": "tool CRIB"})["search"]
    assert [(h["objectType"], h["title"]) for h in hits] == [("location", "Tool crib")]
    assert hits[0]["location"] == {"name": "Tool crib"} and hits[0]["asset"] is None
    assert hits[0]["id"] == location_ids(viewer)["Tool crib"]


def test_search_by_substring_respects_first(viewer: Client) -> None:
    hits = viewer.data(SEARCH, {"text": "bay a", "first": 100})["search"]
    assert hits and {h["objectType"] for h in hits} == {"location"}
    assert all("bay a" in h["title"].lower() for h in hits)
    assets = viewer.data(SEARCH, {"text": "cnc-0", "first": 7})["search"]
    assert len(assets) == 7 and {h["objectType"] for h in assets} == {"asset"}
    assert viewer.data(SEARCH, {"text": "   "})["search"] == []
    assert viewer.data(SEARCH, {"text": f"nothing-{uuid.uuid4().hex}"})["search"] == []


def test_several_root_fields_in_one_request(viewer: Client) -> None:
    """Root fields resolve concurrently; they share the request's database session."""
    for _ in range(3):
        data = viewer.data("""{ a: asset(id: "1") { id } locations { id }
          assetStatuses { code } assets(first: 2) { totalCount }
          search(text: "crib") { title } }""")
        assert data["a"] == {"id": "1"}
        assert len(data["assetStatuses"]) == len(STATUSES)
        assert data["assets"]["totalCount"] == 200
        assert {"title": "Tool crib"} in data["search"]
        assert len(data["locations"]) >= 28
