"""Labels served by the API: fields, enum values, relationship types, audit changes."""

from __future__ import annotations

from typing import Any

import pytest

from shopdb_gql.core.labels import enum_label, field_label
from tests.harness import Client

LABELS = """{ labels { fields { typeName field label column } enumValues { enum value label }
  relationshipTypes { type label inverseLabel } } }"""


@pytest.fixture(scope="module")
def labels(server: Any, tokens: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = Client(server.url, tokens["viewer"]).data(LABELS)["labels"]
    return result


@pytest.mark.parametrize(("name", "label"), [
    ("osName", "OS name"), ("ipAddress", "IP address"), ("pcType", "PC type"),
    ("capacityGb", "Capacity (GB)"), ("macAddress", "MAC address"), ("assetTag", "Asset tag"),
    ("calibrationIntervalDays", "Calibration interval (days)"), ("dueAt", "Due"),
    ("controlsAssetId", "Controls"), ("locationId", "Location"), ("os_version", "OS version"),
    ("serialNumber", "Serial number"), ("lastBootAt", "Last boot"),
])
def test_field_names_become_words(name: str, label: str) -> None:
    assert field_label(name) == label


@pytest.mark.parametrize(("value", "label"), [
    ("SHOP_FLOOR", "Shop floor"), ("SWITCH", "Switch"), ("ACCESS_POINT", "Access point"),
    ("USB_STICK", "USB stick"), ("CNC_MILL", "CNC mill"),
])
def test_enum_values_become_words(value: str, label: str) -> None:
    assert enum_label(value) == label


def test_every_field_and_enum_value_of_every_kind_is_labelled(labels: dict[str, Any]) -> None:
    fields = {(f["typeName"], f["field"]): f for f in labels["fields"]}
    assert fields[("Computer", "osVersion")]["label"] == "OS version"
    assert fields[("Computer", "osVersion")]["column"] == "osversion"
    assert fields[("UsbDevice", "capacityGb")]["label"] == "Capacity (GB)"
    assert fields[("ComputerInput", "controlsAssetId")]["label"] == "Controls"
    # Plugin kinds are labelled without frontend code: every field of every asset type.
    kinds = {t for t, _ in fields if t in ("Equipment", "MeasuringTool", "NetworkDevice",
                                           "Printer", "UsbDevice", "Computer")}
    assert len(kinds) == 6
    assert all(f["label"] and "_" not in f["label"] for f in labels["fields"])
    values = {(v["enum"], v["value"]): v["label"] for v in labels["enumValues"]}
    assert values[("PcType", "SHOP_FLOOR")] == "Shop floor"
    assert values[("NetworkDeviceType", "SWITCH")] == "Switch"
    relations = {r["type"]: r for r in labels["relationshipTypes"]}
    assert relations["controls"] == {"type": "controls", "label": "Controls",
                                     "inverseLabel": "Controlled by"}


def test_audit_entries_name_fields_and_objects_in_words(admin: Client) -> None:
    pc = admin.data('{ computers(first: 1) { nodes { id assetTag name } } }')["computers"]["nodes"][0]
    admin.data("""mutation($id: ID!) { updateComputer(id: $id, input: {osVersion: "22H2"}) {
      errors { code } } }""", {"id": pc["id"]})
    entry = admin.data("""query($id: String!) { auditLog(first: 1, filter: {objectType: "asset",
      objectId: $id}) { nodes { objectTitle changes { field label } } } }""",
                       {"id": pc["id"]})["auditLog"]["nodes"][0]
    assert entry["objectTitle"] == f"{pc['assetTag']} {pc['name']}"
    assert {"field": "osversion", "label": "OS version"} in entry["changes"]
