"""``GET /export/<list>.<csv|xlsx>`` over HTTP: the list's rows, filter, order and columns,
as the API returns them; every row once across pages; errors with codes; no formulas."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from shopdb_gql.web import export
from tests.harness import Client

COMPUTERS = """query($filter: AssetFilter, $orderBy: [AssetOrder!]) {
  assets(filter: $filter, orderBy: $orderBy, first: 500) {
    nodes { assetTag name status { name } ... on Computer { hostname osName pcType } } } }"""
FILTER = {"kinds": ["computer"], "text": "PC"}
ORDER = [{"field": "NAME", "direction": "DESC"}]
COLUMNS = "assetTag,name,status.name,hostname,osName,pcType"


def get(client: Client, path: str, **params: str) -> httpx.Response:
    headers = {"authorization": f"Bearer {client.token}"} if client.token else {}
    return client.http.get(f"{client.url}{path}", params=params, headers=headers)


def parse_csv(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def expected(viewer: Client) -> list[list[str]]:
    nodes = viewer.data(COMPUTERS, {"filter": FILTER, "orderBy": ORDER})["assets"]["nodes"]
    return [[n["assetTag"], n["name"], n["status"]["name"], n["hostname"], n["osName"] or "",
             n["pcType"] or ""] for n in nodes]


def test_csv_has_the_lists_rows_in_its_order_with_the_chosen_columns(viewer: Client) -> None:
    rows = parse_csv(get(viewer, "/export/assets.csv", type="Computer", columns=COLUMNS,
                         filter=json.dumps(FILTER), orderBy=json.dumps(ORDER)))
    assert rows[0] == ["Asset tag", "Name", "Status", "Hostname", "OS name", "PC type"]
    want = expected(viewer)
    assert len(want) > 5
    assert rows[1:] == want


def test_xlsx_holds_the_same_rows(viewer: Client) -> None:
    response = get(viewer, "/export/assets.xlsx", type="Computer", columns=COLUMNS,
                   filter=json.dumps(FILTER), orderBy=json.dumps(ORDER))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "attachment" in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    assert sheet is not None
    width = len(COLUMNS.split(","))  # read-only mode leaves trailing empty cells out
    rows = [(["" if v is None else str(v) for v in row] + [""] * width)[:width]
            for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Asset tag", "Name", "Status", "Hostname", "OS name", "PC type"]
    assert rows[1:] == expected(viewer)


def test_every_row_exactly_once_across_pages(viewer: Client, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    monkeypatch.setattr(export, "PAGE", 7)  # the test server runs in this process
    rows = parse_csv(get(viewer, "/export/assets.csv", columns="assetTag",
                         orderBy=json.dumps([{"field": "ASSET_TAG", "direction": "ASC"}])))
    tags = [r[0] for r in rows[1:]]
    total = viewer.data("{ assets { totalCount } }")["assets"]["totalCount"]
    assert len(tags) == total > 7 * 3
    assert len(set(tags)) == total
    assert tags == sorted(tags)


def test_locations_and_audit_log_export(admin: Client, viewer: Client) -> None:
    locations = parse_csv(get(viewer, "/export/locations.csv"))
    names = {loc["name"] for loc in viewer.data("{ locations { name } }")["locations"]}
    assert locations[0][0] == "Name"
    assert {r[0] for r in locations[1:]} == names
    audit = parse_csv(get(admin, "/export/audit.csv", columns="action,objectType,summary",
                          filter=json.dumps({"action": "seed"})))
    assert audit[0] == ["Action", "Object type", "Summary"]
    assert audit[1:] and all(r[0] == "seed" for r in audit[1:])


def test_who_may_export(anon: Client, viewer: Client, admin: Client) -> None:
    refused = get(anon, "/export/assets.csv")
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    token = admin.data("""mutation { createApiToken(input: {name: "export-reader",
        scopes: ["read"]}) { secret } }""")["createApiToken"]["secret"]
    rows = parse_csv(get(Client(viewer.url, token, viewer.http), "/export/assets.csv",
                         columns="assetTag"))
    assert len(rows) > 1
    # The audit log shows a viewer only what the API shows them.
    as_viewer = parse_csv(get(viewer, "/export/audit.csv", columns="id"))
    shown = viewer.data("{ auditLog(first: 1) { totalCount } }")["auditLog"]["totalCount"]
    assert len(as_viewer) - 1 == shown


@pytest.mark.parametrize(("path", "params", "status", "code"), [
    ("/export/users.csv", {}, 404, "NOT_FOUND"),
    ("/export/assets.pdf", {}, 404, "NOT_FOUND"),
    ("/export/assets.csv", {"filter": "{not json"}, 400, "BAD_REQUEST"),
    ("/export/assets.csv", {"columns": "name } users { username"}, 400, "BAD_REQUEST"),
    ("/export/assets.csv", {"columns": "nope"}, 400, "GRAPHQL_VALIDATION_FAILED"),
    ("/export/assets.csv", {"columns": "status"}, 400, "GRAPHQL_VALIDATION_FAILED"),
    ("/export/assets.csv", {"type": "Computer{", "columns": "name"}, 400, "BAD_REQUEST"),
    ("/export/assets.csv", {"type": "Nope", "columns": "name"}, 400, "BAD_REQUEST"),
    ("/export/assets.csv", {"filter": json.dumps({"kinds": 5})}, 400, "BAD_USER_INPUT"),
    ("/export/assets.csv", {"columns": ",".join(f"c{i}" for i in range(61))}, 400, "BAD_REQUEST"),
])
def test_bad_requests_get_a_code_never_a_500(viewer: Client, path: str, params: dict[str, str],
                                             status: int, code: str) -> None:
    response = get(viewer, path, **params)
    assert response.status_code == status, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == code


def test_formulas_stay_text(editor: Client, viewer: Client) -> None:
    asset = viewer.data('{ assets(first: 1, filter: {kinds: ["printer"]}) { nodes { id } } }')[
        "assets"]["nodes"][0]
    formula = '=HYPERLINK("http://evil.example","click")'
    done = editor.data("""mutation($id: ID!, $notes: String) { updateAsset(id: $id,
        input: {notes: $notes}) { errors { message } } }""", {"id": asset["id"], "notes": formula})
    assert done["updateAsset"]["errors"] == []
    params: dict[str, Any] = {"columns": "id,notes", "filter": json.dumps({"kinds": ["printer"]})}
    rows = parse_csv(get(viewer, "/export/assets.csv", **params))
    cell = next(r[1] for r in rows if r[0] == asset["id"])
    assert cell == "'" + formula
    response = get(viewer, "/export/assets.xlsx", **params)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    found = [row[1] for row in sheet.iter_rows(min_row=2) if str(row[0].value) == asset["id"]]
    assert found[0].value == formula and found[0].data_type == "s"
