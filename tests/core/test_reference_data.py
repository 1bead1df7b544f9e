"""Reference data over HTTP, on a site of its own: statuses an admin manages, and
manufacturer/model spellings merged across every kind that declares the vocabulary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from shopdb_gql.core.reference import spelling_group
from tests import harness
from tests.harness import Client, Server, error_codes

IMPORT = """mutation($kind: String!, $rows: [JSON!]!) { importAssets(kind: $kind, rows: $rows) {
  created rejected } }"""
STATUSES = "{ assetStatuses { id code name retired isActive sortOrder } }"
SPELLINGS = """query($v: Vocabulary!) { storedSpellings(vocabulary: $v) {
  value assetCount kinds managed group suggestion } }"""
MERGE = """mutation($v: Vocabulary!, $into: String!, $s: [String!]!, $m: ID) {
  mergeSpellings(vocabulary: $v, into: $into, spellings: $s, manufacturerId: $m) {
    changedAssets batchId manufacturer { id name assetCount models { name } }
    model { name } errors { code message field } } }"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Client]]:
    with harness.fresh_database(tmp_path_factory.mktemp("reference")) as url:
        settings = harness.test_settings(url)
        harness.prepare(settings, demo=False)
        server = Server(settings).start()
        try:
            anonymous = Client(server.url)
            clients = {role: anonymous.as_token(harness.login(anonymous, role, pw)["accessToken"])
                       for role, pw in harness.PASSWORDS.items()}
            admin = clients["admin"]
            made = admin.data(IMPORT, {"kind": "computer", "rows": [
                {"hostname": "REF-PC-1", "manufacturer": "HP", "model": "EliteDesk 800"},
                {"hostname": "REF-PC-2", "manufacturer": "Hewlett-Packard", "model": "Elitedesk 800"},
                {"hostname": "REF-PC-3", "manufacturer": "Dell Inc.", "model": "OptiPlex"},
                {"hostname": "REF-PC-4", "manufacturer": "Dell", "model": "OptiPlex"}]})
            assert made["importAssets"] == {"created": 4, "rejected": 0}
            made = admin.data(IMPORT, {"kind": "printer", "rows": [
                {"hostname": "ref-prn-1", "vendor": "hewlett packard"},
                {"hostname": "ref-prn-2", "vendor": "Zebra"}]})
            assert made["importAssets"] == {"created": 2, "rejected": 0}
            yield {"anon": anonymous, **clients}
        finally:
            server.stop()


def statuses(client: Client) -> dict[str, dict[str, Any]]:
    return {s["code"]: s for s in client.data(STATUSES)["assetStatuses"]}


def test_spelling_groups_join_case_punctuation_suffixes_and_aliases() -> None:
    assert spelling_group("Hewlett-Packard") == spelling_group("HP") == "hp"
    assert spelling_group("Dell Inc.") == spelling_group("DELL") == "dell"
    assert spelling_group("Zebra Technologies") == "zebra"
    assert spelling_group("Okuma") != spelling_group("Haas")


def test_stored_spellings_are_offered_with_a_suggestion(site: dict[str, Client]) -> None:
    found = {s["value"]: s for s in site["admin"].data(SPELLINGS, {"v": "MANUFACTURER"})[
        "storedSpellings"]}
    assert found["HP"]["assetCount"] == 1 and found["HP"]["kinds"] == ["computer"]
    assert found["hewlett packard"]["kinds"] == ["printer"]
    assert {found[v]["group"] for v in ("HP", "Hewlett-Packard", "hewlett packard")} == {"hp"}
    assert found["Dell Inc."]["group"] == found["Dell"]["group"]
    assert not any(s["managed"] for s in found.values())
    assert "FORBIDDEN" in error_codes(site["editor"].execute(SPELLINGS, {"v": "MANUFACTURER"}))


def test_merge_rewrites_every_kind_in_one_audited_batch(site: dict[str, Client]) -> None:
    admin = site["admin"]
    merged = admin.data(MERGE, {"v": "MANUFACTURER", "into": "HP",
                                "s": ["HP", "Hewlett-Packard", "hewlett packard"]})["mergeSpellings"]
    assert merged["errors"] == [] and merged["changedAssets"] == 2
    assert merged["manufacturer"]["name"] == "HP" and merged["manufacturer"]["assetCount"] == 3
    pcs = admin.data('{ computers(filter: {text: "REF-PC"}) { nodes { hostname manufacturer } } }')
    makers = {p["hostname"]: p["manufacturer"] for p in pcs["computers"]["nodes"]}
    assert makers["REF-PC-1"] == makers["REF-PC-2"] == "HP"
    printer = admin.data('{ printers(filter: {text: "ref-prn-1"}) { nodes { vendor } } }')
    assert printer["printers"]["nodes"] == [{"vendor": "HP"}]
    audit = admin.data("""query($b: String) { auditLog(filter: {batchId: $b}) {
        nodes { objectType changes { field old new } } } }""", {"b": merged["batchId"]})
    rows = [n for n in audit["auditLog"]["nodes"] if n["objectType"] == "asset"]
    assert len(rows) == 2
    assert {(c["old"], c["new"]) for n in rows for c in n["changes"]} == {
        ("Hewlett-Packard", "HP"), ("hewlett packard", "HP")}
    spellings = {s["value"]: s for s in admin.data(SPELLINGS, {"v": "MANUFACTURER"})[
        "storedSpellings"]}
    assert spellings["HP"]["managed"] and "Hewlett-Packard" not in spellings
    assert spellings["Dell Inc."]["suggestion"] == "Dell"


def test_models_merge_under_a_manufacturer(site: dict[str, Client]) -> None:
    admin = site["admin"]
    maker = admin.data('mutation { createManufacturer(name: "Dell") { manufacturer { id } '
                       'errors { code } } }')["createManufacturer"]
    assert maker["errors"] == []
    done = admin.data(MERGE, {"v": "MODEL", "into": "EliteDesk 800", "s": ["Elitedesk 800"],
                              "m": maker["manufacturer"]["id"]})["mergeSpellings"]
    assert done["changedAssets"] == 1 and done["model"]["name"] == "EliteDesk 800"
    twice = admin.data('mutation { createManufacturer(name: "dell") { errors { code } } }')
    assert twice["createManufacturer"]["errors"][0]["code"] == "CONFLICT"
    used = admin.data("""mutation($id: ID!) { deleteManufacturer(id: $id) { errors { code } } }""",
                      {"id": maker["manufacturer"]["id"]})
    assert used["deleteManufacturer"]["errors"][0]["code"] == "IN_USE"
    renamed = admin.data("""mutation($id: ID!) { renameManufacturer(id: $id, name: "Dell Technologies")
        { changedAssets manufacturer { name assetCount } errors { code } } }""",
                         {"id": maker["manufacturer"]["id"]})["renameManufacturer"]
    assert renamed["changedAssets"] == 1 and renamed["manufacturer"]["assetCount"] == 1


def test_bad_reference_input_is_refused_and_nothing_changes(site: dict[str, Client]) -> None:
    admin = site["admin"]
    for variables in ({"v": "MANUFACTURER", "into": "", "s": ["HP"]},
                      {"v": "MANUFACTURER", "into": "x" * 121, "s": ["HP"]},
                      {"v": "MANUFACTURER", "into": "HP", "s": []},
                      {"v": "MODEL", "into": "A", "s": ["B"], "m": "999999"}):
        result = admin.data(MERGE, variables)["mergeSpellings"]
        assert result["errors"] and result["changedAssets"] == 0, variables
    assert "FORBIDDEN" in error_codes(site["editor"].execute(
        MERGE, {"v": "MANUFACTURER", "into": "X", "s": ["HP"]}))
    assert "UNAUTHENTICATED" in error_codes(site["anon"].execute(
        MERGE, {"v": "MANUFACTURER", "into": "X", "s": ["HP"]}))


def test_status_lifecycle(site: dict[str, Client]) -> None:
    admin, editor = site["admin"], site["editor"]
    made = admin.data("""mutation { createAssetStatus(input: {code: "loaned", name: "On loan",
        sortOrder: 5}) { status { id code name retired } errors { code field } } }""")
    status = made["createAssetStatus"]["status"]
    assert status["code"] == "loaned" and status["retired"] is False
    dup = admin.data("""mutation { createAssetStatus(input: {code: "loaned", name: "x"})
        { errors { code } } }""")["createAssetStatus"]["errors"]
    assert dup[0]["code"] == "CONFLICT"
    bad = admin.data("""mutation { createAssetStatus(input: {code: "Bad Code!", name: "x"})
        { errors { code field } } }""")["createAssetStatus"]["errors"]
    assert bad[0] == {"code": "INVALID", "field": ["input", "code"]}
    pc = admin.data('{ computers(filter: {text: "REF-PC-3"}) { nodes { id } } }')[
        "computers"]["nodes"][0]["id"]
    put = editor.data("""mutation($id: ID!, $s: ID!) { setAssetStatus(id: $id, statusId: $s)
        { errors { code } } }""", {"id": pc, "s": status["id"]})
    assert put["setAssetStatus"]["errors"] == []
    renamed = admin.data("""mutation($id: ID!) { updateAssetStatus(id: $id, input: {name: "Lent",
        retired: true}) { status { name retired } errors { code } } }""", {"id": status["id"]})
    assert renamed["updateAssetStatus"]["status"] == {"name": "Lent", "retired": True}
    in_use = admin.data("""mutation($id: ID!) { deleteAssetStatus(id: $id) { errors { code } } }""",
                        {"id": status["id"]})
    assert in_use["deleteAssetStatus"]["errors"][0]["code"] == "IN_USE"
    other = admin.data('{ computers(filter: {text: "REF-PC-4"}) { nodes { id } } }')[
        "computers"]["nodes"][0]["id"]
    refused = editor.data("""mutation($id: ID!, $s: ID!) { setAssetStatus(id: $id, statusId: $s)
        { errors { code field } } }""", {"id": other, "s": status["id"]})
    assert refused["setAssetStatus"]["errors"] == [{"code": "INVALID", "field": ["input",
                                                                                 "statusId"]}]
    # The asset that has it keeps it, and saving it unchanged still works.
    kept = editor.data("""mutation($id: ID!, $s: ID!) { updateAsset(id: $id, input: {statusId: $s,
        notes: "still lent"}) { errors { code } } }""", {"id": pc, "s": status["id"]})
    assert kept["updateAsset"]["errors"] == []
    retired = statuses(admin)["retired"]
    system = admin.data("""mutation($id: ID!) { updateAssetStatus(id: $id, input: {retired: true})
        { errors { code } } }""", {"id": retired["id"]})
    assert system["updateAssetStatus"]["errors"][0]["code"] == "INVALID"
    gone = admin.data("""mutation($id: ID!) { deleteAssetStatus(id: $id) { errors { code } } }""",
                      {"id": retired["id"]})
    assert gone["deleteAssetStatus"]["errors"][0]["code"] == "INVALID"
    spare = statuses(admin)["spare"]
    deleted = admin.data("""mutation($id: ID!) { deleteAssetStatus(id: $id) { deletedId
        errors { code } } }""", {"id": spare["id"]})
    assert deleted["deleteAssetStatus"] == {"deletedId": spare["id"], "errors": []}
    assert "spare" not in statuses(admin)
    assert "FORBIDDEN" in error_codes(editor.execute("""mutation { createAssetStatus(
        input: {code: "x", name: "x"}) { errors { code } } }"""))
