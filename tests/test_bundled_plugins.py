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
