"""The network plugin over real HTTP: devices, uplinks, subnets, assetsInSubnet, toggling, SQL counts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness import Client, error_codes
from tests.plugins.bundled import PluginSite, plugin_site

FIELDS = ("id assetTag name kind serialNumber hostname deviceType managementIp macAddress model vendor "
          "firmware portCount")
LIST = f"""query($filter: NetworkDeviceFilter, $first: Int, $after: String) {{
  networkDevices(filter: $filter, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }}
    nodes {{ {FIELDS} uplink {{ id name }} }}
  }}
}}"""
CREATE = f"""mutation($input: NetworkDeviceInput!) {{
  createNetworkDevice(input: $input) {{
    networkDevice {{ {FIELDS} uplink {{ id name }} }} errors {{ field message code }} }}
}}"""
UPDATE = f"""mutation($id: ID!, $input: NetworkDeviceUpdateInput!) {{
  updateNetworkDevice(id: $id, input: $input) {{
    networkDevice {{ {FIELDS} uplink {{ id name }} }} errors {{ field message code }} }}
}}"""
DELETE = """mutation($id: ID!) { deleteNetworkDevice(id: $id) { deletedId errors { field code } } }"""
SUBNET_FIELDS = "id cidr vlanId name description gateway"
CREATE_SUBNET = f"""mutation($input: SubnetInput!) {{
  createSubnet(input: $input) {{ subnet {{ {SUBNET_FIELDS} }} errors {{ field message code }} }} }}"""
UPDATE_SUBNET = f"""mutation($id: ID!, $input: SubnetUpdateInput!) {{
  updateSubnet(id: $id, input: $input) {{
    subnet {{ {SUBNET_FIELDS} }} errors {{ field message code }} }} }}"""
DELETE_SUBNET = """mutation($id: ID!) { deleteSubnet(id: $id) { deletedId errors { field code } } }"""
IN_SUBNET = """query($subnetId: ID, $cidr: String, $first: Int, $after: String) {
  assetsInSubnet(subnetId: $subnetId, cidr: $cidr, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { __typename id name kind ... on NetworkDevice { managementIp } }
  }
}"""
HISTORY = """query($type: String!, $id: String!) { auditLog(filter: {objectType: $type, objectId: $id}) {
  nodes { action actorName changes { field old new } } } }"""
TOGGLE = """mutation($enabled: Boolean!) {
  setPluginEnabled(name: "network", enabled: $enabled) { plugin { name enabled } errors { message } }
}"""
PAGE = """query($first: Int) {
  networkDevices(first: $first) {
    totalCount
    nodes { id hostname status { name } location { name }
            uplink { id name status { name } ... on NetworkDevice { hostname managementIp } } }
  }
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PluginSite]:
    with plugin_site(Path(tmp_path_factory.mktemp("network")), "network") as s:
        yield s


@pytest.fixture(scope="module")
def editor(site: PluginSite) -> Client:
    return site.clients["editor"]


@pytest.fixture(scope="module")
def admin(site: PluginSite) -> Client:
    return site.clients["admin"]


def hostname() -> str:
    return f"sw-test-{uuid.uuid4().hex[:8]}"


def create(client: Client, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = client.data(CREATE, {"input": {"hostname": hostname(), **fields}})[
        "createNetworkDevice"]
    assert payload["errors"] == [], payload
    device: dict[str, Any] = payload["networkDevice"]
    return device


def devices(client: Client, flt: dict[str, Any] | None = None, first: int = 200) -> dict[str, Any]:
    result: dict[str, Any] = client.data(LIST, {"filter": flt, "first": first})["networkDevices"]
    return result


def core_switch(client: Client) -> dict[str, Any]:
    nodes = devices(client, {"text": "c9500"})["nodes"]
    assert len(nodes) == 1
    node: dict[str, Any] = nodes[0]
    return node


def test_demo_switches_have_network_fields_and_uplinks(editor: Client) -> None:
    page = devices(editor, {"subnet": "10.10.9.0/24"})
    assert page["totalCount"] == 16
    core = core_switch(editor)
    assert core["uplink"] is None and core["deviceType"] == "SWITCH"
    others = [n for n in page["nodes"] if n["id"] != core["id"]]
    assert all(n["uplink"] == {"id": core["id"], "name": core["name"]} for n in others)
    assert all(n["hostname"] == n["name"] and n["managementIp"].startswith("10.10.9.")
               for n in page["nodes"])
    subnets = editor.data("{ subnets { totalCount nodes { cidr vlanId name gateway } } }")["subnets"]
    assert {n["cidr"] for n in subnets["nodes"]} == {"10.10.1.0/24", "10.10.2.0/24", "10.10.9.0/24"}


def test_filters(editor: Client) -> None:
    camera = create(editor, deviceType="CAMERA", vendor="Axis", managementIp="10.10.1.77",
                    macAddress="00-40-8C-12-34-56", model="P3245-V")
    assert camera["macAddress"] == "00:40:8c:12:34:56"
    assert [n["id"] for n in devices(editor, {"deviceTypes": ["CAMERA"]})["nodes"]] == [camera["id"]]
    assert [n["id"] for n in devices(editor, {"vendor": "AXIS"})["nodes"]] == [camera["id"]]
    assert [n["id"] for n in devices(editor, {"text": "p3245"})["nodes"]] == [camera["id"]]
    assert [n["id"] for n in devices(editor, {"subnet": "10.10.1.64/26"})["nodes"]] == [camera["id"]]
    assert devices(editor, {"subnet": "10.10.9.0/28"})["totalCount"] == 5  # .11 - .15
    body = editor.execute(LIST, {"filter": {"subnet": "10.10.1.5/24"}})
    assert error_codes(body) == ["BAD_USER_INPUT"]


def test_create_refuses_bad_input_with_typed_errors(editor: Client) -> None:
    taken = core_switch(editor)["hostname"]
    cases = [({"hostname": "  "}, ["input", "hostname"], "REQUIRED"),
             ({"hostname": "bad host!"}, ["input", "hostname"], "INVALID"),
             ({"hostname": taken.upper()}, ["input", "hostname"], "CONFLICT"),
             ({"hostname": hostname(), "managementIp": "10.10.1.300"}, ["input", "managementIp"],
              "INVALID"),
             ({"hostname": hostname(), "macAddress": "00:11"}, ["input", "macAddress"], "INVALID"),
             ({"hostname": hostname(), "portCount": -1}, ["input", "portCount"], "INVALID"),
             ({"hostname": hostname(), "uplinkAssetId": "987654"}, ["input", "uplinkAssetId"],
              "NOT_FOUND")]
    for values, field, code in cases:
        payload = editor.data(CREATE, {"input": values})["createNetworkDevice"]
        assert payload["networkDevice"] is None
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)], values


def test_create_update_delete_with_uplink_and_audit(editor: Client) -> None:
    core = core_switch(editor)
    device = create(editor, deviceType="ACCESS_POINT", managementIp="fd00:10::20", model="AP-1",
                    uplinkAssetId=core["id"], serialNumber="SN-AP-1")
    assert device["name"] == device["hostname"] and device["kind"] == "networkdevice"
    assert device["managementIp"] == "fd00:10::20" and device["uplink"]["id"] == core["id"]
    assert device["assetTag"]

    other = create(editor, deviceType="ROUTER")
    updated = editor.data(UPDATE, {"id": device["id"], "input": {
        "firmware": "8.10", "model": None, "uplinkAssetId": other["id"]}})["updateNetworkDevice"]
    assert updated["errors"] == []
    changed = updated["networkDevice"]
    assert (changed["firmware"], changed["model"], changed["uplink"]["id"]) == ("8.10", None, other["id"])
    assert changed["managementIp"] == "fd00:10::20" and changed["deviceType"] == "ACCESS_POINT"

    removed = editor.data(UPDATE, {"id": device["id"], "input": {"uplinkAssetId": None}})
    assert removed["updateNetworkDevice"]["networkDevice"]["uplink"] is None
    clash = editor.data(UPDATE, {"id": device["id"], "input": {"hostname": other["hostname"]}})
    assert [e["code"] for e in clash["updateNetworkDevice"]["errors"]] == ["CONFLICT"]

    history = editor.data(HISTORY, {"type": "asset", "id": device["id"]})["auditLog"]["nodes"]
    actions = [n["action"] for n in history]
    assert actions.count("relate") == 2 and actions.count("unrelate") == 2
    assert "create" in actions and "update" in actions
    assert all(n["actorName"] == "editor" for n in history)
    update = next(n for n in history if n["action"] == "update")
    assert {"field": "firmware", "old": None, "new": "8.10"} in update["changes"]

    deleted = editor.data(DELETE, {"id": device["id"]})["deleteNetworkDevice"]
    assert deleted == {"deletedId": device["id"], "errors": []}
    assert editor.data("query($id: ID!) { networkDevice(id: $id) { id } }",
                       {"id": device["id"]})["networkDevice"] is None
    missing = editor.data(DELETE, {"id": device["id"]})["deleteNetworkDevice"]
    assert [e["code"] for e in missing["errors"]] == ["NOT_FOUND"]


def test_viewer_cannot_write(site: PluginSite) -> None:
    body = site.clients["viewer"].execute(CREATE, {"input": {"hostname": hostname()}})
    assert error_codes(body) == ["FORBIDDEN"]
    body = site.clients["viewer"].execute(CREATE_SUBNET, {"input": {"cidr": "10.99.0.0/16",
                                                                    "name": "x"}})
    assert error_codes(body) == ["FORBIDDEN"]


def test_subnet_crud_with_typed_errors_and_audit(editor: Client) -> None:
    created = editor.data(CREATE_SUBNET, {"input": {"cidr": "10.20.0.0/16", "name": "Lab",
                                                    "vlanId": 200, "gateway": "10.20.0.1"}})
    assert created["createSubnet"]["errors"] == []
    subnet = created["createSubnet"]["subnet"]
    assert (subnet["cidr"], subnet["vlanId"], subnet["gateway"]) == ("10.20.0.0/16", 200, "10.20.0.1")
    bad = [({"cidr": "10.20.0.0/16", "name": "Again"}, ["input", "cidr"], "CONFLICT"),
           ({"cidr": "10.30.0.1/16", "name": "Host bits"}, ["input", "cidr"], "INVALID"),
           ({"cidr": "10.30.0.0/16", "name": "Far", "gateway": "10.31.0.1"}, ["input", "gateway"],
            "INVALID"),
           ({"cidr": "10.30.0.0/16", "name": "Vlan", "vlanId": 5000}, ["input", "vlanId"], "INVALID"),
           ({"cidr": "10.30.0.0/16", "name": " "}, ["input", "name"], "REQUIRED")]
    for values, field, code in bad:
        payload = editor.data(CREATE_SUBNET, {"input": values})["createSubnet"]
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)], values
    updated = editor.data(UPDATE_SUBNET, {"id": subnet["id"], "input": {"name": "Lab 2",
                                                                        "description": None}})
    assert updated["updateSubnet"]["subnet"]["name"] == "Lab 2"
    moved = editor.data(UPDATE_SUBNET, {"id": subnet["id"], "input": {"cidr": "10.21.0.0/16"}})
    assert [e["field"] for e in moved["updateSubnet"]["errors"]] == [["input", "gateway"]]
    assert editor.data(DELETE_SUBNET, {"id": subnet["id"]})["deleteSubnet"]["errors"] == []
    history = editor.data(HISTORY, {"type": "subnet", "id": subnet["id"]})["auditLog"]["nodes"]
    assert sorted(n["action"] for n in history) == ["create", "delete", "update"]
    gone = editor.data(UPDATE_SUBNET, {"id": subnet["id"], "input": {"name": "x"}})
    assert [e["code"] for e in gone["updateSubnet"]["errors"]] == ["NOT_FOUND"]


def test_assets_in_subnet(editor: Client) -> None:
    management = next(n for n in editor.data("{ subnets { nodes { id cidr } } }")["subnets"]["nodes"]
                      if n["cidr"] == "10.10.9.0/24")
    page = editor.data(IN_SUBNET, {"subnetId": management["id"], "first": 5})["assetsInSubnet"]
    assert page["totalCount"] == 16 and page["pageInfo"]["hasNextPage"]
    assert [n["managementIp"] for n in page["nodes"]] == [f"10.10.9.{i}" for i in range(11, 16)]
    assert {n["__typename"] for n in page["nodes"]} == {"NetworkDevice"}
    rest = editor.data(IN_SUBNET, {"subnetId": management["id"], "first": 50,
                                   "after": page["pageInfo"]["endCursor"]})["assetsInSubnet"]
    assert len(rest["nodes"]) == 11 and not rest["pageInfo"]["hasNextPage"]

    v6 = create(editor, managementIp="fd00:99::5")
    found = editor.data(IN_SUBNET, {"cidr": "fd00:99::/64"})["assetsInSubnet"]["nodes"]
    assert [n["id"] for n in found] == [v6["id"]]
    assert editor.data(IN_SUBNET, {"cidr": "10.10.9.12/32"})["assetsInSubnet"]["totalCount"] == 1
    for variables in ({}, {"cidr": "10.0.0.0/8", "subnetId": management["id"]}, {"cidr": "nope"},
                      {"subnetId": "987654"}):
        assert error_codes(editor.execute(IN_SUBNET, variables)) == ["BAD_USER_INPUT"], variables


def request_statements(site: PluginSite) -> list[str]:
    """Statements counted, minus the schema poller's."""
    return [s for s in site.server.counter.statements
            if "FROM settings" not in s and "FROM pluginstates" not in s]


def test_statement_count_same_for_10_and_100(site: PluginSite, editor: Client) -> None:
    core = core_switch(editor)
    total = devices(editor)["totalCount"]
    for n in range(max(0, 101 - total)):
        create(editor, uplinkAssetId=core["id"] if n % 2 else None)
    counts = []
    for first in (10, 100):
        site.server.counter.reset()
        page = editor.data(PAGE, {"first": first})["networkDevices"]
        assert len(page["nodes"]) == first
        assert any(n["uplink"] for n in page["nodes"])
        counts.append(len(request_statements(site)))
    assert counts[0] == counts[1], counts


def test_disable_and_enable_keeps_data(admin: Client) -> None:
    device = create(admin, firmware="1.2.3")
    assert admin.data(TOGGLE, {"enabled": False})["setPluginEnabled"]["errors"] == []
    try:
        body = admin.execute(LIST, {"first": 1})
        assert body.get("data") is None
        generic = admin.data("query($id: ID!) { asset(id: $id) { __typename id name kind } }",
                             {"id": device["id"]})["asset"]
        assert generic == {"__typename": "GenericAsset", "id": device["id"],
                           "name": device["name"], "kind": "networkdevice"}
    finally:
        assert admin.data(TOGGLE, {"enabled": True})["setPluginEnabled"]["errors"] == []
    again = admin.data("query($id: ID!) { networkDevice(id: $id) { hostname firmware } }",
                       {"id": device["id"]})["networkDevice"]
    assert again == {"hostname": device["hostname"], "firmware": "1.2.3"}
    subnets = admin.data("{ subnets { totalCount } }")["subnets"]["totalCount"]
    assert subnets >= 3


def test_null_device_type_on_update_sets_other(editor: Client) -> None:
    device = create(editor, deviceType="FIREWALL")
    updated = editor.data(UPDATE, {"id": device["id"], "input": {"deviceType": None}})
    assert updated["updateNetworkDevice"]["errors"] == []
    assert updated["updateNetworkDevice"]["networkDevice"]["deviceType"] == "OTHER"
    cleared = editor.data(UPDATE, {"id": device["id"], "input": {"hostname": None}})
    assert [(e["field"], e["code"]) for e in cleared["updateNetworkDevice"]["errors"]] == [
        (["input", "hostname"], "REQUIRED")]
