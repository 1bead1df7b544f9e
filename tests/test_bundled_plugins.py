"""The bundled plugins together on one site: every kind's generated ingest mutation works
end to end, and subnet membership spans every kind that declares address columns."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness import PASSWORDS, Client, Server, fresh_database, login, prepare
from tests.harness import test_settings as settings_for


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Client]]:
    """A site of its own (these tests add assets), with every bundled plugin and demo data."""
    tmp: Path = tmp_path_factory.mktemp("bundled")
    with fresh_database(tmp) as url:
        settings = settings_for(url)
        prepare(settings)
        server = Server(settings).start()
        try:
            anonymous = Client(server.url)
            yield {role: anonymous.as_token(login(anonymous, role, pw)["accessToken"])
                   for role, pw in PASSWORDS.items()}
        finally:
            server.stop()

INGEST = """mutation($records: [%(record)s!]!) {
  %(mutation)s(source: "bundled-test", records: $records) {
    created updated unchanged rejected
    results { index status errors { field message code } asset { __typename kind name } }
  }
}"""


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}".upper()


# One record per kind: its identity, plus a field required for a new asset of that kind.
CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "computer": ("ingestComputers", "ComputerRecord", {"hostname": _unique("int-pc")}),
    "equipment": ("ingestEquipment", "EquipmentRecord",
                  {"machineNumber": _unique("m"), "equipmentType": "MILL"}),
    "measuringtool": ("ingestMeasuringTools", "MeasuringToolRecord",
                      {"toolNumber": _unique("t"), "toolType": "CALIPER"}),
    "networkdevice": ("ingestNetworkDevices", "NetworkDeviceRecord",
                      {"hostname": _unique("int-sw"), "deviceType": "SWITCH"}),
    "printer": ("ingestPrinters", "PrinterRecord", {"hostname": _unique("int-prn")}),
    "usbdevice": ("ingestUsbDevices", "UsbDeviceRecord", {"serialNumber": _unique("usb")}),
}


def test_every_ingest_mutation_in_the_schema_is_covered(site: dict[str, Client]) -> None:
    admin = site["admin"]
    fields = admin.data("{ __schema { mutationType { fields { name } } } }")
    names = {f["name"] for f in fields["__schema"]["mutationType"]["fields"]}
    assert {n for n in names if n.startswith("ingest")} == {c[0] for c in CASES.values()}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_ingest_creates_then_recognizes_the_asset(site: dict[str, Client], kind: str) -> None:
    admin = site["admin"]
    mutation, record_type, record = CASES[kind]
    document = INGEST % {"mutation": mutation, "record": record_type}
    first = admin.data(document, {"records": [record]})[mutation]
    assert (first["created"], first["rejected"]) == (1, 0), first["results"]
    asset = first["results"][0]["asset"]
    assert asset["kind"] == kind and asset["__typename"] != "GenericAsset"
    again = admin.data(document, {"records": [record]})[mutation]
    assert (again["created"], again["unchanged"]) == (0, 1), again


def test_assets_in_a_subnet_span_every_kind_with_addresses(site: dict[str, Client]) -> None:
    viewer = site["viewer"]
    data = viewer.data("""{ assetsInSubnet(cidr: "10.10.1.0/24", first: 500) {
      totalCount nodes { kind } } }""")["assetsInSubnet"]
    kinds = {n["kind"] for n in data["nodes"]}
    assert {"computer", "printer"} <= kinds  # demo shop-floor PCs and printers
    assert "networkdevice" not in kinds  # switches live in 10.10.9.0/24
    management = viewer.data("""{ assetsInSubnet(cidr: "10.10.9.0/24") { nodes { kind } } }""")
    assert {n["kind"] for n in management["assetsInSubnet"]["nodes"]} == {"networkdevice"}


KIND_LIST = """query($f: AssetFilter) { assets(filter: $f, first: 0) { totalCount } }"""


def _count_behind(client: Client, link: str, nav: dict[str, str | None]) -> int:
    """How many items the page at ``link`` lists, asked the way that page asks the API."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(link)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    if parts.path == "/admin/audit":
        return int(client.data("query($s: DateTime) { auditLog(filter: {since: $s}, first: 0) "
                               "{ totalCount } }", {"s": query["since"]})["auditLog"]["totalCount"])
    if parts.path == "/notifications":
        return int(client.data("query($a: Boolean!) { notifications(activeOnly: $a, first: 0) "
                               "{ totalCount } }", {"a": query.get("active") == "1"})
                   ["notifications"]["totalCount"])
    if parts.path == "/measuringtools" and "due" in query:
        return len(client.data("query($d: Int!) { measuringToolsDueForCalibration(withinDays: $d) "
                               "{ id } }", {"d": int(query["due"])})["measuringToolsDueForCalibration"])
    kind = nav.get(parts.path) if parts.path != "/assets" else query.get("kind")
    assert parts.path == "/assets" or kind, f"{link}: no list behind this path"
    flt: dict[str, Any] = {"kinds": [kind] if kind else None,
                           "statuses": [query["status"]] if "status" in query else None,
                           "conditions": [query["is"]] if "is" in query else None}
    return int(client.data(KIND_LIST, {"f": flt})["assets"]["totalCount"])


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_every_tile_number_is_the_length_of_the_list_it_opens(
    site: dict[str, Client], role: str
) -> None:
    client = site[role]
    nav = {n["path"]: n["kind"] for n in client.data("{ navigation { path kind } }")["navigation"]}
    tiles = client.data("{ dashboard { key value link rows { label value link } } }")["dashboard"]
    checked = []
    for tile in tiles:
        if tile["value"] is not None and tile["link"]:
            assert _count_behind(client, tile["link"], nav) == tile["value"], tile
            checked.append(tile["link"])
        for row in tile["rows"]:
            if row["link"]:
                assert _count_behind(client, row["link"], nav) == row["value"], (tile["key"], row)
                checked.append(row["link"])
    # Every kind of link is exercised: conditions, kinds, statuses, audit since, notices.
    assert any("is=lowSupplies" in c for c in checked) and any("is=checkedOut" in c for c in checked)
    assert any("is=overdue" in c for c in checked) and any("/admin/audit?since=" in c for c in checked)
    assert any("/assets?status=" in c for c in checked) and any("/assets?kind=" in c for c in checked)
    assert any(c == "/notifications?active=1" for c in checked)


def test_conditions_are_listed_per_kind_and_filter_assets(site: dict[str, Client]) -> None:
    viewer = site["viewer"]
    kinds = {k["kind"]: k["conditions"] for k in
             viewer.data("{ assetKinds { kind conditions { key label } } }")["assetKinds"]}
    assert {c["key"] for c in kinds["printer"]} == {"lowSupplies"}
    assert {c["key"] for c in kinds["usbdevice"]} == {"checkedOut", "overdue"}
    assert {c["key"] for c in kinds["measuringtool"]} == {"overdue"}
    assert kinds["computer"] == []
    low = viewer.data("""query { assets(filter: {conditions: ["lowSupplies"]}, first: 500) {
        totalCount nodes { kind ... on Printer { supplies { level } } } } }""")["assets"]
    assert low["totalCount"] > 0
    assert all(n["kind"] == "printer" and min(s["level"] for s in n["supplies"]) < 15 for n in low["nodes"])
    # One key, several kinds: each asset matches in its own kind's sense.
    overdue = viewer.data("""query { assets(filter: {conditions: ["overdue"]}, first: 500) {
        nodes { kind ... on UsbDevice { currentCheckout { dueAt } }
                     ... on MeasuringTool { calibrationOverdue } } } }""")["assets"]["nodes"]
    assert {n["kind"] for n in overdue} <= {"usbdevice", "measuringtool"}
    assert all(n.get("calibrationOverdue") is True or n.get("currentCheckout") for n in overdue)
    both = viewer.data("""query { assets(filter: {conditions: ["overdue", "checkedOut"]}, first: 500) {
        nodes { kind } } }""")["assets"]["nodes"]
    assert {n["kind"] for n in both} <= {"usbdevice"}
    # An unknown key names the known ones; an odd key is not echoed.
    unknown = viewer.execute('{ assets(filter: {conditions: ["nope"]}) { totalCount } }')
    assert unknown["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "lowSupplies" in unknown["errors"][0]["message"] and "nope" in unknown["errors"][0]["message"]
    odd = viewer.execute('{ assets(filter: {conditions: ["<script>"]}) { totalCount } }')
    assert "<script>" not in odd["errors"][0]["message"]
