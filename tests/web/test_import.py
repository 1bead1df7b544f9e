"""Spreadsheet import over HTTP, on a demo site of its own: ``POST /import/parse``,
``importAssets`` (through the ingest engine), ``importLocations`` and the remembered
mapping; the round trip from an export, edited, back in."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from openpyxl import Workbook, load_workbook

from tests import harness
from tests.harness import Client, Server, error_codes

IMPORT = """mutation($kind: String!, $rows: [JSON!]!, $dry: Boolean!, $batch: String) {
  importAssets(kind: $kind, rows: $rows, dryRun: $dry, batchId: $batch) {
    batchId dryRun created updated unchanged rejected errors { code message field }
    results { index status assetId errors { code field message } warnings { code field } } } }"""
AUDITS = "query($b: String) { auditLog(filter: {batchId: $b}, first: 1) { totalCount } }"
LOCATIONS = """mutation($rows: [LocationImportRow!]!, $dry: Boolean!) {
  importLocations(rows: $rows, dryRun: $dry) { batchId created updated unchanged rejected
    results { index status errors { code field message } } } }"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Client]]:
    with harness.fresh_database(tmp_path_factory.mktemp("import")) as url:
        settings = harness.test_settings(url)
        harness.prepare(settings)
        server = Server(settings).start()
        try:
            anonymous = Client(server.url)
            clients = {role: anonymous.as_token(harness.login(anonymous, role, pw)["accessToken"])
                       for role, pw in harness.PASSWORDS.items()}
            yield {"anon": anonymous, **clients}
        finally:
            server.stop()


def upload(client: Client, data: bytes) -> httpx.Response:
    headers = {"authorization": f"Bearer {client.token}"} if client.token else {}
    return client.http.post(f"{client.url}/import/parse", content=data, headers=headers)


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(client: Client, kind: str, rows: list[dict[str, Any]], dry: bool = False,
        batch: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = client.data(IMPORT, {"kind": kind, "rows": rows, "dry": dry,
                                                  "batch": batch})["importAssets"]
    return result


def test_parse_reads_csv_with_bom_and_semicolons_and_xlsx(site: dict[str, Client]) -> None:
    text = "\ufeffHostname;OS name;Notes\nPC-1;Windows 11;'=1+1\n\nPC-2;;x\n"
    parsed = upload(site["editor"], text.encode()).json()
    assert parsed["headers"] == ["Hostname", "OS name", "Notes"]
    assert parsed["rows"] == [["PC-1", "Windows 11", "'=1+1"], ["PC-2", "", "x"]]
    book = upload(site["editor"], xlsx([["Hostname", "Capacity"], ["A", 1.5], ["=1+2", None]]))
    body = book.json()
    # A formula is never run: the cell holds only its saved value (none, written by openpyxl),
    # so that row is empty and left out.
    assert body["headers"] == ["Hostname", "Capacity"]
    assert body["rows"] == [["A", 1.5]] and body["rowCount"] == 1


@pytest.mark.parametrize(("data", "message"), [
    (b"", "Send the file"),
    (b"PK\x03\x04 not really a zip", "Not a readable XLSX"),
    (b"\x00\x01\x02binary", "not a text"),
    (b"\n\n", "no rows"),
])
def test_parse_refuses_what_it_cannot_read(site: dict[str, Client], data: bytes,
                                           message: str) -> None:
    response = upload(site["editor"], data)
    assert response.status_code == 400, response.text
    assert message in response.json()["errors"][0]["message"]
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_parse_refuses_a_zip_bomb_before_reading_it(site: dict[str, Client]) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (101 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    response = upload(site["editor"], out.getvalue())
    assert response.status_code == 400
    assert "100 MB" in response.json()["errors"][0]["message"]


def test_only_editors_import(site: dict[str, Client]) -> None:
    assert upload(site["anon"], b"a\n1\n").status_code == 401
    assert upload(site["viewer"], b"a\n1\n").status_code == 403
    refused = site["viewer"].execute(IMPORT, {"kind": "computer", "rows": [], "dry": True})
    assert "FORBIDDEN" in error_codes(refused)


def test_dry_run_then_import_creates_and_reports_cells_that_do_not_fit(
        site: dict[str, Client]) -> None:
    editor, admin = site["editor"], site["admin"]
    rows = [{"hostname": "IMP-PC-1", "osName": "Windows 11", "pcType": "Shop floor"},
            {"hostname": "IMP-PC-2", "pcType": "SPACESHIP"},
            {"hostname": "IMP-PC-3", "serialNumber": "IMP-S3", "lastBootAt": "yesterday"},
            {"hostname": "IMP-PC-4", "nope": "x"}]
    before = admin.data(AUDITS, {"b": None})["auditLog"]["totalCount"]
    dry = run(editor, "computer", rows, dry=True)
    assert (dry["created"], dry["rejected"], dry["batchId"]) == (1, 3, None)
    assert admin.data(AUDITS, {"b": None})["auditLog"]["totalCount"] == before
    done = run(editor, "computer", rows)
    assert (done["created"], done["rejected"]) == (1, 3)
    statuses = [r["status"] for r in done["results"]]
    assert statuses == ["CREATED", "REJECTED", "REJECTED", "REJECTED"]
    assert done["results"][1]["errors"][0]["field"] == ["rows", "1", "pcType"]
    assert "SHOP_FLOOR" in done["results"][1]["errors"][0]["message"]
    assert done["results"][2]["errors"][0]["field"] == ["rows", "2", "lastBootAt"]
    assert done["results"][3]["errors"][0]["code"] == "INVALID"
    made = admin.data("""{ computers(filter: {text: "IMP-PC-1"}) { nodes { pcType osName } } }""")
    assert made["computers"]["nodes"] == [{"pcType": "SHOP_FLOOR", "osName": "Windows 11"}]
    entries = admin.data(AUDITS, {"b": done["batchId"]})["auditLog"]["totalCount"]
    assert entries == 1


def test_round_trip_updates_exactly_the_changed_rows(site: dict[str, Client]) -> None:
    editor, viewer = site["editor"], site["viewer"]
    params = {"type": "Computer", "columns": "assetTag,name,hostname,osName,location.name",
              "filter": json.dumps({"kinds": ["computer"]}),
              "orderBy": json.dumps([{"field": "ASSET_TAG", "direction": "ASC"}])}
    exported = viewer.http.get(f"{viewer.url}/export/assets.xlsx", params=params,
                               headers={"authorization": f"Bearer {viewer.token}"})
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet is not None
    sheet["D3"] = "Windows 12"  # the second computer's OS, changed by the technician
    out = io.BytesIO()
    assert sheet.parent is not None
    sheet.parent.save(out)
    parsed = upload(editor, out.getvalue()).json()
    assert parsed["headers"] == ["Asset tag", "Name", "Hostname", "OS name", "Location"]
    # The mapping the UI derives from the labels: header -> record field.
    fields = {"Asset tag": "assetTag", "Name": "name", "Hostname": "hostname",
              "OS name": "osName", "Location": "location"}
    rows = [{fields[h]: v for h, v in zip(parsed["headers"], row, strict=True)}
            for row in parsed["rows"]]
    for start in range(0, len(rows), 1000):
        chunk = rows[start:start + 1000]
        dry = run(editor, "computer", chunk, dry=True)
        assert dry["updated"] == 1 and dry["rejected"] == 0, dry["results"][:3]
    done = run(editor, "computer", rows)
    assert (done["created"], done["updated"], done["rejected"]) == (0, 1, 0)
    assert done["unchanged"] == len(rows) - 1
    changed = [r for r in done["results"] if r["status"] == "UPDATED"]
    assert changed[0]["index"] == 1
    assert viewer.data("query($id: ID!) { computer(id: $id) { osName } }",
                       {"id": changed[0]["assetId"]})["computer"]["osName"] == "Windows 12"


def test_asset_tag_finds_the_row_even_when_its_identity_changed(site: dict[str, Client]) -> None:
    editor, viewer = site["editor"], site["viewer"]
    pc = viewer.data("""{ computers(first: 1, orderBy: [{field: ASSET_TAG}]) {
        nodes { id assetTag hostname } } }""")["computers"]["nodes"][0]
    done = run(editor, "computer", [{"assetTag": pc["assetTag"], "hostname": "RENAMED-PC"}])
    assert done["updated"] == 1 and done["results"][0]["assetId"] == pc["id"]
    # Locked by that hand-made change? No: an import is ingest, but the UI edit locks.
    edit = editor.data("""mutation($id: ID!) { updateComputer(id: $id, input: {osVersion: "x1"})
        { errors { message } } }""", {"id": pc["id"]})
    assert edit["updateComputer"]["errors"] == []
    locked = run(editor, "computer", [{"assetTag": pc["assetTag"], "osVersion": "x2"}])
    assert locked["unchanged"] == 1
    assert locked["results"][0]["warnings"][0]["code"] == "LOCKED"


def test_one_batch_across_calls_and_a_bad_batch_id(site: dict[str, Client]) -> None:
    editor, admin = site["editor"], site["admin"]
    first = run(editor, "printer", [{"hostname": "imp-prn-1"}])
    second = run(editor, "printer", [{"hostname": "imp-prn-2"}], batch=first["batchId"])
    assert second["batchId"] == first["batchId"]
    assert admin.data(AUDITS, {"b": first["batchId"]})["auditLog"]["totalCount"] == 2
    bad = run(editor, "printer", [{"hostname": "imp-prn-3"}], batch="../../etc")
    assert bad["errors"][0]["code"] == "INVALID" and bad["created"] == 0
    unknown = run(editor, "spaceship", [])
    assert unknown["errors"][0]["code"] == "NOT_FOUND"
    too_many = run(editor, "printer", [{}] * 1001)
    assert too_many["errors"][0]["code"] == "LIMIT_EXCEEDED"


def test_locations_import_by_name(site: dict[str, Client]) -> None:
    # Locations are an admin's to change (createLocation is admin-only): so is importing them.
    refused = site["editor"].execute(LOCATIONS, {"rows": [{"name": "Editor Hall"}], "dry": True})
    assert "FORBIDDEN" in error_codes(refused)
    editor = site["admin"]
    rows = [{"name": "Import Hall", "kind": "building", "mapX": 10.0, "mapY": 20.0},
            {"name": "Import Bay", "parent": "Import Hall"},
            {"name": "Lost Bay", "parent": "Nowhere"},
            {"name": "  "}]
    dry = editor.data(LOCATIONS, {"rows": rows, "dry": True})["importLocations"]
    assert (dry["created"], dry["rejected"], dry["batchId"]) == (2, 2, None)
    assert "Import Hall" not in {loc["name"] for loc in editor.data("{ locations { name } }")[
        "locations"]}
    done = editor.data(LOCATIONS, {"rows": rows, "dry": False})["importLocations"]
    assert (done["created"], done["rejected"]) == (2, 2)
    assert done["results"][2]["errors"][0]["field"] == ["rows", "2", "parent"]
    again = editor.data(LOCATIONS, {"rows": [{"name": "import hall", "mapX": 11.0}],
                                    "dry": False})["importLocations"]
    assert again["updated"] == 1
    hall = next(loc for loc in editor.data("{ locations { name mapX kind } }")["locations"]
                if loc["name"] == "Import Hall")
    assert hall == {"name": "Import Hall", "mapX": 11.0, "kind": "building"}
    loop = editor.data(LOCATIONS, {"rows": [{"name": "Import Hall", "parent": "Import Bay"}],
                                   "dry": False})["importLocations"]
    assert loop["rejected"] == 1


def test_the_mapping_is_remembered_per_kind(site: dict[str, Client]) -> None:
    editor, viewer = site["editor"], site["viewer"]
    assert viewer.data('{ importMapping(kind: "printer") { columns } }')["importMapping"] is None
    editor.data("""mutation { saveImportMapping(kind: "printer",
        columns: {Name: "hostname", IP: "ipAddress"}) { kind } }""")
    saved = viewer.data('{ importMapping(kind: "printer") { columns } }')["importMapping"]
    assert saved["columns"] == {"Name": "hostname", "IP": "ipAddress"}
    bad = editor.execute('mutation { saveImportMapping(kind: "printer", columns: [1]) { kind } }')
    assert error_codes(bad) == ["BAD_USER_INPUT"]


def test_csv_export_reimports_through_parse(site: dict[str, Client]) -> None:
    viewer = site["viewer"]
    exported = viewer.http.get(f"{viewer.url}/export/assets.csv", params={
        "columns": "assetTag,name,notes", "filter": json.dumps({"kinds": ["printer"]})},
        headers={"authorization": f"Bearer {viewer.token}"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    parsed = upload(site["editor"], exported.content).json()
    assert parsed["headers"] == rows[0]
    assert parsed["rows"] == rows[1:]
