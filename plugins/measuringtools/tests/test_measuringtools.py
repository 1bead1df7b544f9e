"""The measuringtools plugin over real HTTP: queries and filters, mutations with typed errors and
audit, calibration, the dashboard tile, disable/re-enable, and SQL statement counts.

Grown from the tests ``shopdb plugin new`` generated; the server sees only this plugin.
"""

from __future__ import annotations

import csv
import io
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests import harness

PLUGIN_DIR = Path(__file__).resolve().parent.parent

NAME = "measuringtools"

FIELDS = """id assetTag name kind serialNumber notes toolNumber toolType manufacturer modelName
  rangeMin rangeMax unit resolution calibrationIntervalDays lastCalibratedAt nextCalibrationDue
  calibrationOverdue status { code }"""
CREATE = """mutation($input: MeasuringToolInput!) {
  createMeasuringTool(input: $input) {
    measuringTool { FIELDS }
    errors { field message code }
  }
}""".replace("FIELDS", FIELDS)
UPDATE = """mutation($id: ID!, $input: MeasuringToolUpdateInput!) {
  updateMeasuringTool(id: $id, input: $input) {
    measuringTool { FIELDS }
    errors { field message code }
  }
}""".replace("FIELDS", FIELDS)
DELETE = """mutation($id: ID!) {
  deleteMeasuringTool(id: $id) { deletedId errors { field message code } }
}"""
CALIBRATE = """mutation($id: ID!, $input: CalibrationInput!) {
  recordCalibration(id: $id, input: $input) {
    measuringTool { id lastCalibratedAt nextCalibrationDue calibrationOverdue
                    calibrations { performedBy result certificate } }
    calibration { id performedAt performedBy result certificate notes }
    errors { field message code }
  }
}"""
ONE = """query($id: ID!) { measuringTool(id: $id) { FIELDS } }""".replace("FIELDS", FIELDS)
LIST = """query($filter: MeasuringToolFilter, $first: Int) {
  measuringTools(filter: $filter, first: $first, orderBy: [{field: NAME}]) {
    totalCount nodes { id name toolNumber toolType manufacturer modelName }
  }
}"""
DUE = """query($days: Int) {
  measuringToolsDueForCalibration(withinDays: $days) { id nextCalibrationDue calibrationOverdue }
}"""
HISTORY = """query($id: String!) {
  auditLog(filter: {objectType: "asset", objectId: $id}) {
    nodes { action actorName changes { field old new } }
  }
}"""
PAGE = """query($first: Int) {
  measuringTools(first: $first) {
    totalCount
    nodes { id toolNumber nextCalibrationDue status { name } location { name parent { name } }
            position { x y source } calibrations(first: 3) { performedAt result } }
  }
}"""
TOGGLE = """mutation($enabled: Boolean!) {
  setPluginEnabled(name: "measuringtools", enabled: $enabled) { plugin { enabled } errors { message } }
}"""


@dataclass
class Site:
    server: harness.Server
    clients: dict[str, harness.Client]


def ago(days: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real app with only this plugin, over core's demo site and the plugin's demo data."""
    alone = tmp_path_factory.mktemp("plugins")
    (alone / NAME).symlink_to(PLUGIN_DIR, target_is_directory=True)
    with harness.fresh_database(tmp_path_factory.mktemp(NAME)) as url:
        settings = harness.test_settings(url, bundled_plugins_dir=alone)
        harness.prepare(settings, demo=True)  # installs this plugin, the only one in `alone`
        srv = harness.Server(settings).start()
        try:
            anonymous = harness.Client(srv.url)
            yield Site(srv, {role: anonymous.as_token(harness.login(anonymous, role, pw)["accessToken"])
                             for role, pw in harness.PASSWORDS.items()})
        finally:
            srv.stop()


@pytest.fixture(scope="module")
def clients(site: Site) -> dict[str, harness.Client]:
    return site.clients


def create(client: harness.Client, **fields: Any) -> dict[str, Any]:
    tag = uuid.uuid4().hex[:8]
    values = {"name": f"{NAME}-{tag}", "toolNumber": f"T-{tag}", **fields}
    payload: dict[str, Any] = client.data(CREATE, {"input": values})["createMeasuringTool"]
    assert payload["errors"] == [], payload
    created: dict[str, Any] = payload["measuringTool"]
    return created


def codes(payload: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


def test_demo_tools_have_numbers_schedules_and_history(clients: dict[str, harness.Client]) -> None:
    nodes = clients["viewer"].data("""{ measuringTools(first: 100) { totalCount nodes {
        toolNumber toolType calibrationIntervalDays lastCalibratedAt nextCalibrationDue
        calibrations { result } } } }""")["measuringTools"]["nodes"]
    demo = [n for n in nodes if n["toolNumber"].startswith("MT-")]
    assert len(demo) == 30
    assert all(n["toolType"] and n["calibrationIntervalDays"] and n["calibrations"] for n in demo)
    assert all(n["nextCalibrationDue"] > n["lastCalibratedAt"] for n in demo)


def test_create_then_query_one_and_the_list(clients: dict[str, harness.Client]) -> None:
    editor = clients["editor"]
    made = create(editor, manufacturer="Acme", modelName="M-1", serialNumber="SN-1",
                  toolType="MICROMETER", rangeMin=0, rangeMax=25, unit="mm", resolution=0.001,
                  calibrationIntervalDays=180, lastCalibratedAt=ago(10))
    assert made["kind"] == "measuringtool" and made["status"]["code"] == "in_use"
    assert made["toolType"] == "MICROMETER" and made["calibrationOverdue"] is False
    due = datetime.fromisoformat(made["nextCalibrationDue"])
    last = datetime.fromisoformat(made["lastCalibratedAt"])
    assert due - last == timedelta(days=180)
    assert editor.data(ONE, {"id": made["id"]})["measuringTool"] == made
    found = editor.data(LIST, {"filter": {"manufacturer": "ACME"}})["measuringTools"]
    assert made["id"] in [n["id"] for n in found["nodes"]]
    by_text = editor.data(LIST, {"filter": {"text": made["toolNumber"].lower()}})["measuringTools"]
    assert [n["id"] for n in by_text["nodes"]] == [made["id"]]
    typed = editor.data("query($id: ID!) { asset(id: $id) { __typename } }", {"id": made["id"]})
    assert typed["asset"]["__typename"] == "MeasuringTool"
    other = editor.data('{ assets(filter: {kinds: ["computer"]}, first: 1) { nodes { id } } }')
    for bad in (other["assets"]["nodes"][0]["id"], "987654321", "nope"):
        assert editor.data(ONE, {"id": bad})["measuringTool"] is None


def test_filters(clients: dict[str, harness.Client]) -> None:
    viewer = clients["viewer"]
    total = viewer.data(LIST, {"first": 500})["measuringTools"]["totalCount"]
    cmms = viewer.data(LIST, {"filter": {"toolTypes": ["CMM"]}, "first": 500})["measuringTools"]
    assert 0 < cmms["totalCount"] < total and {n["toolType"] for n in cmms["nodes"]} == {"CMM"}
    one = cmms["nodes"][0]
    exact = viewer.data(LIST, {"filter": {"toolNumber": one["toolNumber"]}})["measuringTools"]
    assert [n["id"] for n in exact["nodes"]] == [one["id"]]
    both = {"toolTypes": ["CMM", "CALIPER"], "manufacturer": "zeiss"}
    zeiss = viewer.data(LIST, {"filter": both, "first": 500})["measuringTools"]["nodes"]
    assert zeiss and {(n["toolType"], n["manufacturer"]) for n in zeiss} == {("CMM", "Zeiss")}
    statuses = viewer.data("{ assetStatuses { id code } }")["assetStatuses"]
    retired = next(s["id"] for s in statuses if s["code"] == "retired")
    none = viewer.data(LIST, {"filter": {"statuses": [retired]}})["measuringTools"]
    assert none["totalCount"] == 0


def test_update_leaves_omitted_fields_and_clears_nulls(clients: dict[str, harness.Client]) -> None:
    editor = clients["editor"]
    made = create(editor, manufacturer="Acme", modelName="M-2", notes="keep?",
                  calibrationIntervalDays=365, lastCalibratedAt=ago(100))
    payload = editor.data(UPDATE, {"id": made["id"], "input": {
        "manufacturer": "Zeta", "notes": None, "calibrationIntervalDays": 30}})["updateMeasuringTool"]
    assert payload["errors"] == []
    after = payload["measuringTool"]
    assert (after["manufacturer"], after["modelName"], after["notes"]) == ("Zeta", "M-2", None)
    assert after["lastCalibratedAt"] == made["lastCalibratedAt"] and after["calibrationOverdue"]
    assert (datetime.fromisoformat(after["nextCalibrationDue"])
            - datetime.fromisoformat(after["lastCalibratedAt"])) == timedelta(days=30)
    cleared = editor.data(UPDATE, {"id": made["id"], "input": {"calibrationIntervalDays": None}})
    assert cleared["updateMeasuringTool"]["measuringTool"]["nextCalibrationDue"] is None


def test_typed_errors(clients: dict[str, harness.Client]) -> None:
    editor = clients["editor"]
    taken = create(editor)["toolNumber"]
    blank = editor.data(CREATE, {"input": {"name": " ", "toolNumber": "T-blank"}})
    assert codes(blank["createMeasuringTool"]) == [("INVALID", ["input", "name"])]
    bad = editor.data(CREATE, {"input": {
        "name": "bad", "toolNumber": taken, "calibrationIntervalDays": 0, "rangeMin": 5,
        "rangeMax": 1, "resolution": -1, "lastCalibratedAt": ago(-3)}})["createMeasuringTool"]
    assert sorted(codes(bad)) == [
        ("CONFLICT", ["input", "toolNumber"]), ("INVALID", ["input", "calibrationIntervalDays"]),
        ("INVALID", ["input", "lastCalibratedAt"]), ("INVALID", ["input", "rangeMax"]),
        ("INVALID", ["input", "resolution"])]
    # A DateTime without a time zone is refused where it comes in, for every field.
    naive = editor.execute(CREATE, {"input": {"name": "x", "toolNumber": "T-naive",
                                              "lastCalibratedAt": "2024-01-01T00:00:00"}})
    assert [e["extensions"]["code"] for e in naive["errors"]] == ["BAD_USER_INPUT"]
    assert "lastCalibratedAt" in naive["errors"][0]["message"]
    no_number = editor.data(CREATE, {"input": {"name": "x", "toolNumber": "  "}})
    assert codes(no_number["createMeasuringTool"]) == [("REQUIRED", ["input", "toolNumber"])]
    missing = editor.data(UPDATE, {"id": "987654321", "input": {"name": "x"}})
    assert [e["code"] for e in missing["updateMeasuringTool"]["errors"]] == ["NOT_FOUND"]
    other = editor.data('{ assets(filter: {kinds: ["printer"]}, first: 1) { nodes { id } } }')
    printer = other["assets"]["nodes"][0]["id"]
    wrong = editor.data(UPDATE, {"id": printer, "input": {"name": "x"}})["updateMeasuringTool"]
    assert [e["code"] for e in wrong["errors"]] == ["NOT_FOUND"]
    viewer = clients["viewer"].execute(CREATE, {"input": {"name": "nope", "toolNumber": "T-v"}})
    assert harness.error_codes(viewer) == ["FORBIDDEN"]


def test_delete_is_audited_with_create_and_update(clients: dict[str, harness.Client]) -> None:
    editor = clients["editor"]
    made = create(editor, manufacturer="Acme")
    editor.data(UPDATE, {"id": made["id"], "input": {"modelName": "M-3"}})
    editor.data(CALIBRATE, {"id": made["id"], "input": {
        "performedAt": ago(1), "performedBy": "lab", "result": "PASS"}})
    deleted = editor.data(DELETE, {"id": made["id"]})["deleteMeasuringTool"]
    assert deleted == {"deletedId": made["id"], "errors": []}
    assert editor.data(ONE, {"id": made["id"]})["measuringTool"] is None
    entries = editor.data(HISTORY, {"id": made["id"]})["auditLog"]["nodes"]
    assert [e["action"] for e in entries] == ["delete", "calibrate", "update", "create"]
    assert {e["actorName"] for e in entries} == {"editor"}
    assert "modelname" in [c["field"] for c in entries[2]["changes"]]
    assert "toolnumber" in [c["field"] for c in entries[3]["changes"]]


def test_record_calibration(clients: dict[str, harness.Client]) -> None:
    editor = clients["editor"]
    tool = create(editor, calibrationIntervalDays=90, lastCalibratedAt=ago(100))
    assert tool["calibrationOverdue"] is True
    when = ago(2)
    done = editor.data(CALIBRATE, {"id": tool["id"], "input": {
        "performedAt": when, "performedBy": " Q-lab ", "result": "ADJUSTED",
        "certificate": "C-1", "notes": "zeroed"}})["recordCalibration"]
    assert done["errors"] == []
    after = done["measuringTool"]
    assert datetime.fromisoformat(after["lastCalibratedAt"]) == datetime.fromisoformat(when)
    assert after["calibrationOverdue"] is False
    assert after["calibrations"] == [{"performedBy": "Q-lab", "result": "ADJUSTED",
                                      "certificate": "C-1"}]
    entry = editor.data(HISTORY, {"id": tool["id"]})["auditLog"]["nodes"][0]
    assert entry["action"] == "calibrate"
    assert {c["field"] for c in entry["changes"]} == {"calibration", "lastcalibratedat",
                                                      "nextcalibrationdue"}
    # A failure, and a late-entered older pass, are history only: the last good date stays.
    for result, days in (("FAIL", 1), ("PASS", 50)):
        later = editor.data(CALIBRATE, {"id": tool["id"], "input": {
            "performedAt": ago(days), "performedBy": "lab", "result": result}})["recordCalibration"]
        assert later["errors"] == []
        assert later["measuringTool"]["lastCalibratedAt"] == after["lastCalibratedAt"]
    listed = editor.data(ONE.replace("status { code }", "calibrations { result }"),
                         {"id": tool["id"]})["measuringTool"]["calibrations"]
    assert [c["result"] for c in listed] == ["FAIL", "ADJUSTED", "PASS"]


def test_record_calibration_errors(clients: dict[str, harness.Client]) -> None:
    editor = clients["editor"]
    tool = create(editor)
    bad = editor.data(CALIBRATE, {"id": tool["id"], "input": {
        "performedAt": ago(-2), "performedBy": " ", "result": "PASS"}})["recordCalibration"]
    assert sorted(codes(bad)) == [("INVALID", ["input", "performedAt"]),
                                  ("REQUIRED", ["input", "performedBy"])]
    other = editor.data('{ assets(filter: {kinds: ["computer"]}, first: 1) { nodes { id } } }')
    for target in (other["assets"]["nodes"][0]["id"], "987654321"):
        wrong = editor.data(CALIBRATE, {"id": target, "input": {
            "performedAt": ago(1), "performedBy": "lab", "result": "PASS"}})["recordCalibration"]
        assert [e["code"] for e in wrong["errors"]] == ["NOT_FOUND"]
    viewer = clients["viewer"].execute(CALIBRATE, {"id": tool["id"], "input": {
        "performedAt": ago(1), "performedBy": "lab", "result": "PASS"}})
    assert harness.error_codes(viewer) == ["FORBIDDEN"]


def test_due_for_calibration(clients: dict[str, harness.Client]) -> None:
    editor = clients["editor"]
    soon = create(editor, calibrationIntervalDays=365, lastCalibratedAt=ago(350))
    never = create(editor, calibrationIntervalDays=365)
    unscheduled = create(editor)
    fresh = create(editor, calibrationIntervalDays=365, lastCalibratedAt=ago(1))
    month = editor.data(DUE, {})["measuringToolsDueForCalibration"]
    ids = [t["id"] for t in month]
    assert soon["id"] in ids and never["id"] in ids
    assert unscheduled["id"] not in ids and fresh["id"] not in ids
    assert ids.index(never["id"]) < ids.index(soon["id"])  # never calibrated comes first
    dated = [t["nextCalibrationDue"] for t in month if t["nextCalibrationDue"]]
    assert dated == sorted(dated)
    week = [t["id"] for t in editor.data(DUE, {"days": 7})["measuringToolsDueForCalibration"]]
    assert soon["id"] not in week and never["id"] in week
    assert all(t["calibrationOverdue"] for t in editor.data(DUE, {"days": 0})[
        "measuringToolsDueForCalibration"])
    filtered = editor.data(LIST, {"filter": {"dueWithinDays": 30}, "first": 500})["measuringTools"]
    assert sorted(n["id"] for n in filtered["nodes"]) == sorted(ids)
    huge = 2_000_000_000
    everything = editor.data(DUE, {"days": huge})["measuringToolsDueForCalibration"]
    assert fresh["id"] in [t["id"] for t in everything]
    assert editor.data(LIST, {"filter": {"dueWithinDays": -huge}})["measuringTools"]["totalCount"] >= 1


def test_dashboard_navigation_and_search(clients: dict[str, harness.Client]) -> None:
    viewer = clients["viewer"]
    tiles = viewer.data("{ dashboard { key title value text plugin link } }")["dashboard"]
    tile = next(t for t in tiles if t["key"] == "calibrationsdue")
    assert tile["title"] == "Calibrations due" and tile["plugin"] == NAME
    due = viewer.data(DUE, {})["measuringToolsDueForCalibration"]
    assert tile["value"] == len(due) > 0 and "overdue" in tile["text"]
    menu = viewer.data("{ navigation { key path plugin kind } }")["navigation"]
    assert {"key": NAME, "path": f"/{NAME}", "plugin": NAME, "kind": "measuringtool"} in menu
    hits = viewer.data('{ search(text: "MT-0") { asset { __typename } } }')["search"]
    assert hits and {h["asset"]["__typename"] for h in hits} == {"MeasuringTool"}


def test_statement_count_is_constant_per_page(site: Site) -> None:
    editor = site.clients["editor"]
    total = editor.data(LIST, {})["measuringTools"]["totalCount"]
    for _ in range(max(0, 100 - total)):
        create(editor, calibrationIntervalDays=30, lastCalibratedAt=ago(3))
    counts = []
    for first in (10, 100):
        site.server.counter.reset()
        nodes = editor.data(PAGE, {"first": first})["measuringTools"]["nodes"]
        assert len(nodes) == first
        counts.append(site.server.counter.count)
    assert counts[0] == counts[1], site.server.counter.statements


def test_disable_shows_generic_assets_and_enable_restores(site: Site) -> None:
    admin, editor = site.clients["admin"], site.clients["editor"]
    tool = create(editor, toolType="CALIPER", calibrationIntervalDays=365, lastCalibratedAt=ago(5))
    editor.data(CALIBRATE, {"id": tool["id"], "input": {
        "performedAt": ago(1), "performedBy": "lab", "result": "PASS"}})
    before = editor.data(ONE.replace("status { code }", "calibrations { result }"),
                         {"id": tool["id"]})["measuringTool"]
    asset = "query($id: ID!) { asset(id: $id) { __typename id name } }"
    try:
        assert admin.data(TOGGLE, {"enabled": False})["setPluginEnabled"]["errors"] == []
        assert editor.data(asset, {"id": tool["id"]})["asset"] == {
            "__typename": "GenericAsset", "id": tool["id"], "name": tool["name"]}
        gone = editor.execute(LIST, {})
        assert "measuringTools" in " ".join(e["message"] for e in gone.get("errors") or [])
        tiles = editor.data("{ dashboard { key } navigation { key } }")
        assert "calibrationsdue" not in [t["key"] for t in tiles["dashboard"]]
        assert NAME not in [n["key"] for n in tiles["navigation"]]
    finally:
        assert admin.data(TOGGLE, {"enabled": True})["setPluginEnabled"]["errors"] == []
    assert editor.data(asset, {"id": tool["id"]})["asset"]["__typename"] == "MeasuringTool"
    again = editor.data(ONE.replace("status { code }", "calibrations { result }"),
                        {"id": tool["id"]})["measuringTool"]
    assert again == before and again["calibrations"] == [{"result": "PASS"}]


def _download(site: Site, role: str | None, query: str = "") -> httpx.Response:
    headers = {}
    if role is not None:
        token = site.clients[role].token
        headers["authorization"] = f"Bearer {token}"
    return httpx.get(f"{site.server.url}/plugins/{NAME}/calibrations-due.csv{query}",
                     headers=headers, timeout=30)


def test_the_calibrations_due_download_lists_exactly_the_tools_due(site: Site) -> None:
    editor = site.clients["editor"]
    late = create(editor, name="=HYPERLINK(\"http://x\")", calibrationIntervalDays=365,
                  lastCalibratedAt=ago(400))
    fresh = create(editor, calibrationIntervalDays=365, lastCalibratedAt=ago(1))
    response = _download(site, "viewer")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"))))
    assert rows[0][:3] == ["Asset tag", "Name", "Tool number"]
    numbers = {r[2]: r for r in rows[1:]}
    assert numbers[late["toolNumber"]][5] == "yes"
    assert numbers[late["toolNumber"]][1] == "'=HYPERLINK(\"http://x\")"  # never a formula
    assert fresh["toolNumber"] not in numbers
    # The same set as the GraphQL list of tools due within 30 days.
    listed = editor.data("""{ measuringTools(first: 500, filter: {dueWithinDays: 30}) {
        nodes { toolNumber } } }""")["measuringTools"]["nodes"]
    assert set(numbers) == {n["toolNumber"] for n in listed}
    later = list(csv.reader(io.StringIO(_download(site, "viewer", "?days=400").text)))
    assert fresh["toolNumber"] in {r[2] for r in later[1:]}


def test_the_download_refuses_strangers_and_bad_input_with_coded_json(site: Site) -> None:
    anonymous = _download(site, None)
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    for query in ("?days=soon", "?days=-1", "?days=99999999999999999999"):
        bad = _download(site, "viewer", query)
        assert bad.status_code == 400, (query, bad.text)
        assert bad.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    posted = httpx.post(f"{site.server.url}/plugins/{NAME}/calibrations-due.csv",
                        headers={"authorization": f"Bearer {site.clients['admin'].token}"})
    assert posted.status_code == 405
    missing = _download(site, "viewer").request.url.copy_with(path=f"/plugins/{NAME}/nothing")
    assert httpx.get(missing).status_code == 404


def test_the_download_goes_and_comes_back_with_the_plugin(site: Site) -> None:
    admin = site.clients["admin"]
    admin.data(TOGGLE, {"enabled": False})
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _download(site, "viewer").status_code == 200:
            time.sleep(0.2)
        gone = _download(site, "viewer")
        assert gone.status_code == 404 and gone.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    finally:
        admin.data(TOGGLE, {"enabled": True})
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _download(site, "viewer").status_code != 200:
        time.sleep(0.2)
    assert _download(site, "viewer").status_code == 200
