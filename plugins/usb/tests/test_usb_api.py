"""The usb plugin over real HTTP: lists, check-out/in, overdue, mutations, audit, toggling, counts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.harness import Client, error_codes
from tests.plugins.bundled import PluginSite, plugin_site

FIELDS = "id assetTag name kind serialNumber label capacityGb currentHolder"
CHECKOUT = "holder reason checkedOutAt dueAt checkedInAt checkedOutBy checkedInBy isOverdue"
LIST = f"""query($filter: UsbDeviceFilter, $first: Int) {{
  usbDevices(filter: $filter, first: $first) {{ totalCount nodes {{ {FIELDS} }} }}
}}"""
ONE = f"""query($id: ID!) {{ usbDevice(id: $id) {{ {FIELDS} currentCheckout {{ {CHECKOUT} }}
  checkouts {{ {CHECKOUT} }} }} }}"""
OVERDUE = f"""{{ overdueUsbDevices {{ id currentCheckout {{ {CHECKOUT} }} }} }}"""
CREATE = f"""mutation($input: UsbDeviceInput!) {{
  createUsbDevice(input: $input) {{ usbDevice {{ {FIELDS} }} errors {{ field message code }} }}
}}"""
UPDATE = f"""mutation($id: ID!, $input: UsbDeviceUpdateInput!) {{
  updateUsbDevice(id: $id, input: $input) {{ usbDevice {{ {FIELDS} }} errors {{ field message code }} }}
}}"""
DELETE = """mutation($id: ID!) { deleteUsbDevice(id: $id) { deletedId errors { field message code } } }"""
OUT = f"""mutation($id: ID!, $holder: String!, $reason: String, $due: DateTime!) {{
  checkOutUsbDevice(id: $id, holder: $holder, reason: $reason, dueAt: $due) {{
    usbDevice {{ {FIELDS} currentCheckout {{ {CHECKOUT} }} }} errors {{ field message code }} }}
}}"""
IN = f"""mutation($id: ID!) {{
  checkInUsbDevice(id: $id) {{ usbDevice {{ {FIELDS} checkouts {{ {CHECKOUT} }} }}
    errors {{ field message code }} }}
}}"""
TOGGLE = """mutation($enabled: Boolean!) {
  setPluginEnabled(name: "usb", enabled: $enabled) { plugin { name enabled } errors { message } }
}"""
HISTORY = """query($id: String!) { auditLog(filter: {objectType: "asset", objectId: $id}) {
  nodes { action actorName summary changes { field old new } } } }"""
PAGE = """query($first: Int) { usbDevices(first: $first) { totalCount nodes { id label
  status { name } location { name } currentHolder currentCheckout { holder isOverdue }
  checkouts { holder } } } }"""


def due(days: float = 2) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PluginSite]:
    with plugin_site(Path(tmp_path_factory.mktemp("usb")), "usb") as s:
        yield s


@pytest.fixture(scope="module")
def editor(site: PluginSite) -> Client:
    return site.clients["editor"]


@pytest.fixture(scope="module")
def admin(site: PluginSite) -> Client:
    return site.clients["admin"]


def listing(client: Client, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = client.data(LIST, {"first": 500, **variables})["usbDevices"]
    return result


def create(client: Client, **fields: Any) -> dict[str, Any]:
    values = {"serialNumber": f"USB-{uuid.uuid4().hex[:10]}", "label": "Test stick", **fields}
    payload: dict[str, Any] = client.data(CREATE, {"input": values})["createUsbDevice"]
    assert payload["errors"] == [], payload
    device: dict[str, Any] = payload["usbDevice"]
    return device


def check_out(client: Client, id: str, holder: str = "J. Doe", days: float = 2) -> dict[str, Any]:
    result: dict[str, Any] = client.data(OUT, {"id": id, "holder": holder, "reason": "Programs",
                                               "due": due(days)})["checkOutUsbDevice"]
    return result


def test_demo_devices_and_filters(editor: Client) -> None:
    page = listing(editor)
    assert page["totalCount"] == 30
    assert all(n["label"] and n["capacityGb"] for n in page["nodes"])
    out = listing(editor, filter={"checkedOut": True})["nodes"]
    assert len(out) == 6 and all(n["currentHolder"] for n in out)
    assert listing(editor, filter={"checkedOut": False})["totalCount"] == 24
    holder = out[0]["currentHolder"]
    held = listing(editor, filter={"holder": holder.upper()})["nodes"]
    assert held and {n["currentHolder"] for n in held} == {holder}
    assert listing(editor, filter={"overdue": True})["totalCount"] == 3
    assert listing(editor, filter={"text": "programs 007"})["totalCount"] == 1


def test_overdue_usb_devices(editor: Client) -> None:
    overdue = editor.data(OVERDUE)["overdueUsbDevices"]
    assert len(overdue) == 3
    assert all(d["currentCheckout"]["isOverdue"] for d in overdue)


def test_check_out_and_in_with_history_and_audit(editor: Client) -> None:
    device = create(editor)
    out = check_out(editor, device["id"], holder="A. Meyer")
    assert out["errors"] == []
    current = out["usbDevice"]["currentCheckout"]
    assert out["usbDevice"]["currentHolder"] == "A. Meyer"
    assert (current["holder"], current["reason"], current["checkedOutBy"], current["isOverdue"]) == (
        "A. Meyer", "Programs", "editor", False)
    back = editor.data(IN, {"id": device["id"]})["checkInUsbDevice"]
    assert back["errors"] == [] and back["usbDevice"]["currentHolder"] is None
    assert [(c["holder"], c["checkedInBy"]) for c in back["usbDevice"]["checkouts"]] == [
        ("A. Meyer", "editor")]
    check_out(editor, device["id"], holder="B. Kurz")
    history = editor.data(ONE, {"id": device["id"]})["usbDevice"]["checkouts"]
    assert [c["holder"] for c in history] == ["B. Kurz", "A. Meyer"]
    entries = editor.data(HISTORY, {"id": device["id"]})["auditLog"]["nodes"]
    assert [e["action"] for e in entries] == ["checkout", "checkin", "checkout", "create"]
    assert {c["field"]: c["new"] for c in entries[1]["changes"]} == {"holder": None}


def test_check_out_errors(editor: Client, site: PluginSite) -> None:
    device = create(editor)
    assert check_out(editor, device["id"], holder="C. One")["errors"] == []
    again = check_out(editor, device["id"], holder="D. Two")
    assert [e["code"] for e in again["errors"]] == ["CONFLICT"]
    assert "already checked out to C. One" in again["errors"][0]["message"]
    other = create(editor)
    assert [e["code"] for e in check_out(editor, other["id"], holder="  ")["errors"]] == ["REQUIRED"]
    assert [e["code"] for e in check_out(editor, other["id"], days=-1)["errors"]] == ["INVALID"]
    assert [e["code"] for e in check_out(editor, "987654")["errors"]] == ["NOT_FOUND"]
    not_out = editor.data(IN, {"id": other["id"]})["checkInUsbDevice"]
    assert [e["code"] for e in not_out["errors"]] == ["CONFLICT"]
    assert "is not checked out" in not_out["errors"][0]["message"]
    body = site.clients["viewer"].execute(IN, {"id": device["id"]})
    assert error_codes(body) == ["FORBIDDEN"]


def test_overdue_after_due_date(editor: Client) -> None:
    device = create(editor)
    before = {d["id"] for d in editor.data(OVERDUE)["overdueUsbDevices"]}
    check_out(editor, device["id"], days=1 / 86400)  # due in one second
    import time

    time.sleep(1.5)
    after = {d["id"] for d in editor.data(OVERDUE)["overdueUsbDevices"]}
    assert after == before | {device["id"]}
    assert editor.data(IN, {"id": device["id"]})["checkInUsbDevice"]["errors"] == []


def test_create_update_delete(editor: Client) -> None:
    device = create(editor, serialNumber=" SER-XYZ-1 ", capacityGb=32, label="Hall 1 programs")
    assert (device["serialNumber"], device["name"], device["capacityGb"]) == (
        "SER-XYZ-1", "Hall 1 programs", 32.0)
    cases = [({"serialNumber": "SER-XYZ-1"}, "CONFLICT", "serialNumber"),
             ({"serialNumber": " "}, "REQUIRED", "serialNumber"),
             ({"serialNumber": "SER-2", "capacityGb": -4}, "INVALID", "capacityGb")]
    for values, code, field in cases:
        errors = editor.data(CREATE, {"input": values})["createUsbDevice"]["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [(code, ["input", field])], values
    updated = editor.data(UPDATE, {"id": device["id"], "input": {"label": None, "capacityGb": 64}})
    assert updated["updateUsbDevice"]["errors"] == []
    assert (updated["updateUsbDevice"]["usbDevice"]["label"],
            updated["updateUsbDevice"]["usbDevice"]["capacityGb"]) == (None, 64.0)
    other = create(editor)
    clash = editor.data(UPDATE, {"id": other["id"], "input": {"serialNumber": "SER-XYZ-1"}})
    assert [e["code"] for e in clash["updateUsbDevice"]["errors"]] == ["CONFLICT"]
    cleared = editor.data(UPDATE, {"id": other["id"], "input": {"serialNumber": None}})
    assert [e["code"] for e in cleared["updateUsbDevice"]["errors"]] == ["REQUIRED"]
    check_out(editor, device["id"])
    assert editor.data(DELETE, {"id": device["id"]})["deleteUsbDevice"] == {
        "deletedId": device["id"], "errors": []}
    assert editor.data(ONE, {"id": device["id"]})["usbDevice"] is None
    actions = [e["action"] for e in editor.data(HISTORY, {"id": device["id"]})["auditLog"]["nodes"]]
    assert actions == ["delete", "checkout", "update", "create"]


def test_search_navigation_dashboard(editor: Client) -> None:
    device = create(editor, label="Unique-Label-QQ")
    found = editor.data("""query($t: String!) { assets(filter: {text: $t}) {
        nodes { __typename id } } }""", {"t": "unique-label-qq"})["assets"]["nodes"]
    assert found == [{"__typename": "UsbDevice", "id": device["id"]}]
    nav = editor.data("{ navigation { key path kind plugin } }")["navigation"]
    assert {"key": "usb", "path": "/usb", "kind": "usbdevice", "plugin": "usb"} in nav
    tiles = editor.data("{ dashboard { key plugin value rows { label value } } }")["dashboard"]
    tile = next(t for t in tiles if t["key"] == "usb.checkedout")
    assert tile["value"] == listing(editor, filter={"checkedOut": True})["totalCount"]
    overdue = float(len(editor.data(OVERDUE)["overdueUsbDevices"]))
    assert tile["rows"] == [{"label": "overdue", "value": overdue}]


def test_disable_and_enable_keep_data(admin: Client) -> None:
    device = create(admin, label="keep me")
    check_out(admin, device["id"], holder="Keeper")
    try:
        assert admin.data(TOGGLE, {"enabled": False})["setPluginEnabled"]["errors"] == []
        generic = admin.data("query($id: ID!) { asset(id: $id) { __typename assetTag kind } }",
                             {"id": device["id"]})["asset"]
        assert generic == {"__typename": "GenericAsset", "assetTag": device["assetTag"],
                           "kind": "usbdevice"}
        gone = admin.execute("{ overdueUsbDevices { id } }")["errors"]
        assert "Cannot query field 'overdueUsbDevices'" in gone[0]["message"]
    finally:
        assert admin.data(TOGGLE, {"enabled": True})["setPluginEnabled"]["errors"] == []
    back = admin.data(ONE, {"id": device["id"]})["usbDevice"]
    assert (back["label"], back["currentHolder"]) == ("keep me", "Keeper")


@pytest.fixture(scope="module")
def hundred(editor: Client) -> None:
    total = listing(editor, first=0)["totalCount"]
    for n in range(max(0, 100 - total)):
        create(editor, name=f"zz-filler-{n:03d}")  # sorted after the demo devices


@pytest.mark.parametrize(("query", "root"), [
    (PAGE, "usbDevices"),
    ("""query($first: Int) { assets(filter: {kinds: ["usbdevice"]}, first: $first) {
        nodes { id ... on UsbDevice { label currentHolder checkouts { holder } } } } }""", "assets"),
])
def test_statement_count_is_constant(site: PluginSite, editor: Client, hundred: None,
                                     query: str, root: str) -> None:
    counts = []
    for size in (10, 100):
        site.server.counter.reset()
        nodes = editor.data(query, {"first": size})[root]["nodes"]
        counts.append(site.server.counter.count)
        assert len(nodes) == size and any(n["checkouts"] for n in nodes)
    assert counts[0] == counts[1], site.server.counter.statements
