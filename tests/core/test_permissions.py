"""Every root field is guarded: found by introspection, called with minimal valid arguments.

Each root field must be classified below. A new field without a classification fails
``test_every_root_field_is_classified``, so nobody ships an unguarded field by accident.
Object ids in generated arguments point at nothing, so a broken guard cannot damage data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.harness import Client, Server, error_codes

PUBLIC = frozenset({"login", "refreshToken", "logout", "me", "singleSignOn"})
# The signed-in person's own account, whatever their role (API tokens: UNAUTHENTICATED).
SELF = frozenset({"mySessions", "myApiTokens", "changeMyPassword", "revokeMySession",
                  "revokeMyOtherSessions", "revokeMyApiToken"})
ADMIN_ONLY = frozenset({"createLocation", "updateLocation", "deleteLocation", "setPluginEnabled",
                        "createCustomField", "updateCustomField", "removeCustomField",
                        "restoreCustomField", "purgeCustomField",
                        "createUser", "updateUser", "createApiToken", "revokeApiToken",
                        "users", "apiTokens", "ingestComputers", "ingestEquipment",
                        "ingestPrinters", "ingestUsbDevices", "ingestNetworkDevices",
                        "ingestMeasuringTools", "setFloorPlan", "removeFloorPlan",
                        "storedSpellings", "createAssetStatus", "updateAssetStatus",
                        "deleteAssetStatus", "createManufacturer", "renameManufacturer",
                        "deleteManufacturer", "createModel", "deleteModel", "mergeSpellings",
                        "importLocations", "webhooks", "webhookEventTypes", "webhookDeliveries",
                        "createWebhook", "updateWebhook", "deleteWebhook", "pingWebhook",
                        "redeliverWebhookDelivery"})
READ = frozenset({"asset", "assets", "search", "locations", "location", "assetStatuses",
                  "customFields", "uiExtensions",
                  "auditLog", "plugins", "assetKinds", "navigation", "dashboard", "staleAssets",
                  "computer", "computers", "networkDevice", "networkDevices", "subnet", "subnets",
                  "assetsInSubnet", "notification", "notifications", "activeNotifications",
                  "equipment", "equipmentList", "printer", "printers", "printersWithLowSupplies",
                  "usbDevice", "usbDevices", "overdueUsbDevices", "measuringTool",
                  "measuringTools", "measuringToolsDueForCalibration", "labels",
                  "importMapping", "manufacturers"})
WRITE = frozenset({"updateAsset", "setAssetStatus", "setAssetLocation", "setAssetNotes",
                   "setAssetPosition", "deleteAsset", "relateAssets", "unrelateAssets",
                   "unlockAssetField", "createComputer", "updateComputer", "deleteComputer",
                   "createNetworkDevice", "updateNetworkDevice", "deleteNetworkDevice",
                   "createSubnet", "updateSubnet", "deleteSubnet",
                   "createNotification", "updateNotification", "deleteNotification",
                   "createEquipment", "updateEquipment", "deleteEquipment",
                   "createPrinter", "updatePrinter", "deletePrinter", "setPrinterSupplyLevels",
                   "createUsbDevice", "updateUsbDevice", "deleteUsbDevice", "checkOutUsbDevice",
                   "checkInUsbDevice", "createMeasuringTool", "updateMeasuringTool",
                   "deleteMeasuringTool", "recordCalibration", "importAssets",
                   "saveImportMapping"})
# Probed as an allowed caller: each targets a missing object, so it answers NOT_FOUND.
# Creates target nothing: calling them would create rows, so they are not probed here.
# A saved mapping would write too; importAssets names a missing kind.
PROBE_AS_EDITOR = frozenset(n for n in WRITE if not n.startswith("create")
                            and n != "saveImportMapping")
# Queries whose generated arguments cannot be valid: past the guard they refuse the input.
NEED_REAL_ARGUMENTS = frozenset({"assetsInSubnet"})
PROBE_AS_ADMIN = frozenset({"updateLocation", "deleteLocation", "updateUser", "revokeApiToken",
                            "setPluginEnabled", "removeFloorPlan", "updateAssetStatus",
                            "deleteAssetStatus", "renameManufacturer", "deleteManufacturer",
                            "createModel", "deleteModel"})

MISSING_ID = "987654321"
SCALARS = {"ID": f'"{MISSING_ID}"', "String": '"x"', "Int": "1", "Float": "1.5",
           "Boolean": "true", "DateTime": '"2020-01-01T00:00:00+00:00"', "JSON": "{}"}

TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }"
INTROSPECTION = f"""{{ __schema {{
  queryType {{ name }} mutationType {{ name }}
  types {{
    kind name enumValues {{ name }}
    inputFields {{ name defaultValue type {{ {TYPE_REF} }} }}
    fields {{ name args {{ name defaultValue type {{ {TYPE_REF} }} }} type {{ {TYPE_REF} }} }}
  }}
}} }}"""


@dataclass(frozen=True)
class RootField:
    operation: str  # "query" | "mutation"
    name: str
    document: str


def _required(value: dict[str, Any]) -> bool:
    return bool(value["type"]["kind"] == "NON_NULL" and value["defaultValue"] is None)


def _named(ref: dict[str, Any]) -> str:
    while ref["kind"] in ("NON_NULL", "LIST"):
        ref = ref["ofType"]
    return str(ref["name"])


def _literal(ref: dict[str, Any], types: dict[str, dict[str, Any]]) -> str:
    """A minimal valid GraphQL literal for the type ``ref``."""
    if ref["kind"] == "NON_NULL":
        return _literal(ref["ofType"], types)
    if ref["kind"] == "LIST":
        return f"[{_literal(ref['ofType'], types)}]"
    named = types[ref["name"]]
    if named["kind"] == "ENUM":
        return str(named["enumValues"][0]["name"])
    if named["kind"] == "INPUT_OBJECT":
        fields = [f"{f['name']}: {_literal(f['type'], types)}"
                  for f in named["inputFields"] if _required(f)]
        return "{" + ", ".join(fields) + "}"
    if ref["name"] not in SCALARS:
        pytest.fail(f"no sample literal for scalar {ref['name']}: add it to SCALARS")
    return SCALARS[ref["name"]]


def _document(operation: str, field: dict[str, Any], types: dict[str, dict[str, Any]]) -> str:
    args = [f"{a['name']}: {_literal(a['type'], types)}" for a in field["args"] if _required(a)]
    call = field["name"] + (f"({', '.join(args)})" if args else "")
    returned = types[_named(field["type"])]
    selection = " { __typename }" if returned["kind"] in ("OBJECT", "INTERFACE", "UNION") else ""
    return f"{operation} {{ {call}{selection} }}"


@pytest.fixture(scope="module")
def root_fields(server: Server, tokens: dict[str, str]) -> dict[str, RootField]:
    """Every root Query and Mutation field of the served schema, with a document calling it."""
    schema = Client(server.url, tokens["admin"]).data(INTROSPECTION)["__schema"]
    types = {t["name"]: t for t in schema["types"]}
    fields: dict[str, RootField] = {}
    for operation, root in (("query", schema["queryType"]), ("mutation", schema["mutationType"])):
        for field in types[root["name"]]["fields"]:
            fields[field["name"]] = RootField(operation, field["name"],
                                              _document(operation, field, types))
    return fields


def _outcomes(client: Client, fields: list[RootField]) -> dict[str, tuple[list[str], dict[str, Any]]]:
    """Per field: (error codes, full response)."""
    results = {}
    for field in fields:
        body = client.execute(field.document)
        results[field.name] = (error_codes(body), body)
    return results


def _assert_all(client: Client, fields: list[RootField], expected: list[str]) -> None:
    assert fields, "nothing to check"
    wrong = {name: body for name, (codes, body) in _outcomes(client, fields).items()
             if codes != expected}
    assert not wrong, f"expected {expected} but got: {wrong}"


def test_every_root_field_is_classified(root_fields: dict[str, RootField]) -> None:
    declared = PUBLIC | ADMIN_ONLY | READ | WRITE | SELF
    assert not set(root_fields) - declared, (
        f"unclassified root fields {sorted(set(root_fields) - declared)}: add each to PUBLIC, "
        "ADMIN_ONLY, READ, WRITE or SELF in this test")
    assert not declared - set(root_fields), f"classified but gone: {sorted(declared - set(root_fields))}"
    queries = {n for n, f in root_fields.items() if f.operation == "query"}
    assert not queries & WRITE, f"queries classified as WRITE: {sorted(queries & WRITE)}"
    assert not (set(root_fields) - queries) & READ, "mutations classified as READ"


def test_anonymous_is_unauthenticated_on_every_private_field(
    root_fields: dict[str, RootField], anon: Client
) -> None:
    private = [f for n, f in root_fields.items() if n not in PUBLIC]
    _assert_all(anon, private, ["UNAUTHENTICATED"])


def test_anonymous_may_call_the_public_fields(root_fields: dict[str, RootField], anon: Client) -> None:
    # login is left out: a failed login counts against this client's throttle budget.
    public = [root_fields[n] for n in sorted(PUBLIC - {"login"})]
    _assert_all(anon, public, [])


def test_viewer_is_forbidden_on_every_mutation(
    root_fields: dict[str, RootField], viewer: Client
) -> None:
    mutations = [f for n, f in root_fields.items()
                 if f.operation == "mutation" and n not in PUBLIC | SELF]
    _assert_all(viewer, mutations, ["FORBIDDEN"])


def test_viewer_manages_only_their_own_account(
    root_fields: dict[str, RootField], viewer: Client
) -> None:
    # revokeMyOtherSessions is left out: it would end the shared viewer's other sessions.
    _assert_all(viewer, [root_fields[n] for n in ("mySessions", "myApiTokens")], [])
    for name in ("revokeMySession", "revokeMyApiToken"):
        payload = viewer.data(root_fields[name].document.replace("{ __typename }",
                                                                 "{ errors { code } }"))
        assert [e["code"] for e in payload[name]["errors"]] == ["NOT_FOUND"], name


def test_viewer_reads_everything_but_admin_queries(
    root_fields: dict[str, RootField], viewer: Client
) -> None:
    queries = [f for n, f in root_fields.items() if f.operation == "query"]
    _assert_all(viewer, [f for f in queries if f.name not in ADMIN_ONLY | NEED_REAL_ARGUMENTS], [])
    _assert_all(viewer, [root_fields[n] for n in sorted(NEED_REAL_ARGUMENTS)], ["BAD_USER_INPUT"])
    _assert_all(viewer, [f for f in queries if f.name in ADMIN_ONLY], ["FORBIDDEN"])


def test_editor_is_forbidden_on_admin_fields(root_fields: dict[str, RootField], editor: Client) -> None:
    _assert_all(editor, [root_fields[n] for n in sorted(ADMIN_ONLY)], ["FORBIDDEN"])


def test_editor_passes_the_write_check(root_fields: dict[str, RootField], editor: Client) -> None:
    _assert_all(editor, [root_fields[n] for n in sorted(READ - NEED_REAL_ARGUMENTS)], [])
    probes = [root_fields[n] for n in sorted(PROBE_AS_EDITOR)]
    _assert_all(editor, probes, [])
    for field in probes:
        payload = editor.data(field.document.replace("{ __typename }", "{ errors { code } }"))
        assert [e["code"] for e in payload[field.name]["errors"]] == ["NOT_FOUND"], field.name


def test_admin_passes_the_admin_check(root_fields: dict[str, RootField], admin: Client) -> None:
    _assert_all(admin, [root_fields[n] for n in ("users", "apiTokens")], [])
    probes = [root_fields[n] for n in sorted(PROBE_AS_ADMIN)]
    for field in probes:
        payload = admin.data(field.document.replace("{ __typename }", "{ errors { code } }"))
        assert [e["code"] for e in payload[field.name]["errors"]] == ["NOT_FOUND"], field.name
