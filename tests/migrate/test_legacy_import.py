"""``shopdb import legacy`` end to end: a legacy database built from the classic schema with
awkward rows (tests/legacy_data.py), imported into a site of its own through the CLI, and
checked over the GraphQL API of the real server.

On the SQLite pass the legacy side is a SQLite file; on the MariaDB pass it is a scratch
MariaDB database loaded with the same schema.sql.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from shopdb_gql.cli import main
from tests import harness, legacy_data
from tests.harness import Client, Server

COUNT = "query($kind: String!) { assets(filter: {kinds: [$kind]}) { totalCount } }"
AUDIT = "query($batch: String) { auditLog(filter: {batchId: $batch}, first: 500) { totalCount } }"


@dataclass
class Site:
    url: str
    legacy: str
    server: Server
    admin: Client
    editor: Client


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = Path(tmp_path_factory.mktemp("legacy"))
    with harness.fresh_database(tmp) as url, harness.fresh_database(tmp) as legacy:
        legacy_data.build(legacy)
        settings = harness.test_settings(url)
        harness.prepare(settings, demo=False)
        server = Server(settings).start()
        try:
            anonymous = Client(server.url)
            clients = {role: anonymous.as_token(harness.login(anonymous, role, pw)["accessToken"])
                       for role, pw in harness.PASSWORDS.items()}
            yield Site(url, legacy, server, clients["admin"], clients["editor"])
        finally:
            server.stop()  # which checks the import's bulk writes kept the asset counts


def shopdb(site: Site, *args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False,
                              env={"SHOPDB_DATABASE_URL": site.url, "SHOPDB_ENV": "test"})


def run_import(site: Site, tmp: Path, *extra: str) -> dict[str, Any]:
    report = tmp / "report.json"
    result = shopdb(site, "import", "legacy", "--source", site.legacy, "--report", str(report),
                    *extra)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(report.read_text())
    data["_output"] = result.output
    return data


def counts(client: Client) -> dict[str, int]:
    return {kind: client.data(COUNT, {"kind": kind})["assets"]["totalCount"]
            for kind in legacy_data.EXPECTED_KINDS}


def total(report: dict[str, Any], what: str) -> int:
    return sum(c[what] for c in report["tables"].values())


def skipped(report: dict[str, Any]) -> dict[str, str]:
    return {f"{s['table']}:{s['id']}": s["reason"] for s in report["skipped"]}


@pytest.fixture(scope="module")
def first_run(site: Site, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = Path(tmp_path_factory.mktemp("runs"))
    before = site.admin.data(AUDIT, {"batch": None})["auditLog"]["totalCount"]
    dry = run_import(site, tmp, "--dry-run")
    assert "DRY RUN" in dry["_output"]
    assert dry["dryRun"] is True and dry["batchId"] is None
    # Nothing written: no assets, no audit entries.
    assert counts(site.admin) == dict.fromkeys(legacy_data.EXPECTED_KINDS, 0)
    assert site.admin.data(AUDIT, {"batch": None})["auditLog"]["totalCount"] == before
    real = run_import(site, tmp)
    real["_dry"] = dry
    return real


def test_dry_run_reports_what_the_real_run_does(first_run: dict[str, Any]) -> None:
    dry = first_run["_dry"]
    assert dry["tables"] == first_run["tables"]
    assert dry["kinds"] == first_run["kinds"]
    assert dry["skipped"] == first_run["skipped"]


def test_every_kind_lands_with_the_rules_of_the_old_system(site: Site,
                                                          first_run: dict[str, Any]) -> None:
    assert counts(site.admin) == legacy_data.EXPECTED_KINDS
    equipment = site.admin.data("""{ equipmentList(first: 50) { nodes { machineNumber name
        status { code } position { x y } } } }""")["equipmentList"]["nodes"]
    by_number = {e["machineNumber"]: e for e in equipment}
    # Only numbered Equipment is equipment (ADR-005); the unnumbered mill is a measuring tool.
    assert set(by_number) == {"M1001", "M1002", "M1010"}
    assert by_number["M1001"]["name"] == "Okuma lathe"
    assert by_number["M1001"]["position"] == {"x": 130.0, "y": 190.0}
    assert by_number["M1010"]["status"]["code"] == "retired"  # is_active = 0
    assert by_number["M1001"]["status"]["code"] == "in_use"
    tools = site.admin.data("""{ measuringTools(first: 50) { nodes { toolNumber name
        serialNumber nextCalibrationDue status { code } } } }""")["measuringTools"]["nodes"]
    by_tool = {t["toolNumber"]: t for t in tools}
    # Measuring with and without a number, and Equipment without one (numbered by serial).
    assert set(by_tool) == {"G-17", "ZS-5", "HS-3"}
    assert by_tool["G-17"]["nextCalibrationDue"].startswith("2025-06-01")
    assert by_tool["ZS-5"]["status"]["code"] == "retired"
    assert by_tool["HS-3"]["name"] == "Spare mill"


def test_junk_values_are_dropped_like_ingest_drops_them(site: Site,
                                                        first_run: dict[str, Any]) -> None:
    pcs = site.admin.data("""{ computers(first: 50) { nodes { hostname serialNumber
        manufacturer model pcType status { code } } } }""")["computers"]["nodes"]
    office = next(p for p in pcs if p["hostname"] == "OFF-PC-01")
    assert office["serialNumber"] is None  # "To Be Filled By O.E.M."
    assert office["manufacturer"] is None and office["model"] is None  # "N/A", ""
    assert office["status"]["code"] == "retired"
    assert office["pcType"] == "OFFICE"
    shop = next(p for p in pcs if p["hostname"] == "SF-PC-002")
    assert shop["serialNumber"] is None  # "0"
    assert shop["pcType"] == "SHOP_FLOOR"  # "shop floor", any case and spacing
    equipment = site.admin.data("""{ equipmentList(filter: {text: "M1002"}) {
        nodes { serialNumber } } }""")["equipmentList"]["nodes"]
    assert equipment == [{"serialNumber": None}]


def test_duplicates_and_dangling_references_are_reported_per_row(
        first_run: dict[str, Any]) -> None:
    reasons = skipped(first_run)
    assert "Duplicate" in reasons["pcs:4"] and "pcs:1" in reasons["pcs:4"]
    assert "no rule takes it" in reasons["machines:9"] and "Kitchen" in reasons["machines:9"]
    assert "loop" in reasons["locations:7"] and "loop" in reasons["locations:8"]
    assert "machines:999" in reasons["usb_checkouts:3"]
    assert "machines:555" in reasons["pcs.machine_id (controls):5"]
    warnings = {f"{w['table']}:{w['id']}": w["message"] for w in first_run["warnings"]}
    assert "location_id 77" in warnings["machines:10"]
    assert "99" in warnings["locations:9"]
    # Every skipped row is in the readable summary too.
    for key in reasons:
        assert key in first_run["_output"]


def test_controls_relationship_passes_the_machine_position_to_the_pc(
        site: Site, first_run: dict[str, Any]) -> None:
    pc = site.admin.data("""{ computers(filter: {text: "SF-PC-001"}) { nodes { hostname
        position { x y source } relationships { type target { name } } } } }""")[
        "computers"]["nodes"][0]
    assert {"type": "controls", "target": {"name": "Okuma lathe"}} in pc["relationships"]
    assert pc["position"] == {"x": 130.0, "y": 190.0, "source": "RELATED_ASSET"}


def test_map_only_markers_become_locations_and_rows_pointing_at_them_stand_there(
        site: Site, first_run: dict[str, Any]) -> None:
    locations = {loc["name"]: loc for loc in site.admin.data(
        "{ locations { id name kind parent { name } mapX mapY } }")["locations"]}
    marker = locations["Pillar C4"]
    assert marker["kind"] == "marker" and marker["parent"] == {"name": "Hall A"}
    assert (marker["mapX"], marker["mapY"]) == (300.0, 400.0)
    assert locations["Cell A1"]["parent"] == {"name": "Hall A"}
    assert "Loop X" not in locations
    pc = site.admin.data("""{ computers(filter: {text: "SF-PC-002"}) { nodes {
        location { name } relationships { type } } } }""")["computers"]["nodes"][0]
    assert pc["location"] == {"name": "Pillar C4"}
    assert pc["relationships"] == []


def test_usb_loans_come_as_history_and_open_ones_stay_out(site: Site,
                                                         first_run: dict[str, Any]) -> None:
    devices = site.admin.data("""{ usbDevices(first: 10) { nodes { label serialNumber
        currentCheckout { holder } checkouts { holder checkedInAt } } } }""")[
        "usbDevices"]["nodes"]
    one = next(d for d in devices if d["serialNumber"] == "USB-0001")
    assert one["label"] == "Programs 1"
    assert one["currentCheckout"] == {"holder": "M. Novak"}
    assert sorted(c["holder"] for c in one["checkouts"]) == ["J. Keller", "M. Novak"]
    two = next(d for d in devices if d["serialNumber"] == "USB-0002")
    assert two["currentCheckout"] is None and two["checkouts"] == []


def test_one_batch_id_carries_every_audit_entry_of_a_run(site: Site,
                                                         first_run: dict[str, Any]) -> None:
    entries = site.admin.data(AUDIT, {"batch": first_run["batchId"]})["auditLog"]["totalCount"]
    created = total(first_run, "created")
    assert entries >= created > 0


def test_a_second_run_changes_nothing(site: Site, first_run: dict[str, Any],
                                      tmp_path: Path) -> None:
    again = run_import(site, tmp_path)
    assert total(again, "created") == 0 and total(again, "updated") == 0, again["tables"]
    assert total(again, "unchanged") == total(first_run, "created")
    assert counts(site.admin) == legacy_data.EXPECTED_KINDS
    assert site.admin.data(AUDIT, {"batch": again["batchId"]})["auditLog"]["totalCount"] == 0


def test_edits_in_the_old_system_update_only_what_changed_and_locks_hold(
        site: Site, first_run: dict[str, Any], tmp_path: Path) -> None:
    pc = site.admin.data("""{ computers(filter: {text: "ENG-PC-01"}) { nodes { id } } }""")[
        "computers"]["nodes"][0]
    # An editor fixes the model by hand: the field is now locked against imports.
    edited = site.editor.data("""mutation($id: ID!) { updateComputer(id: $id,
        input: {model: "ThinkStation P360"}) { errors { message } } }""", {"id": pc["id"]})
    assert edited["updateComputer"]["errors"] == []
    legacy_data.execute(
        site.legacy,
        "UPDATE pcs SET os_version = '24H2', model = 'P360 Ultra' WHERE pc_id = 3",
        "UPDATE pcs SET hostname = 'ENG-PC-01-NEW' WHERE pc_id = 3",  # renamed: same asset
        "UPDATE usb_checkouts SET returned = '2024-03-13 09:00:00' WHERE checkout_id = 2",
        "UPDATE machines SET is_active = 0 WHERE machine_id = 1")
    delta = run_import(site, tmp_path)
    assert delta["tables"]["pcs"]["updated"] == 1 and delta["tables"]["pcs"]["created"] == 0
    assert delta["tables"]["machines"]["updated"] == 1
    assert delta["tables"]["usb_checkouts"]["updated"] == 1
    assert total(delta, "created") == 0
    after = site.admin.data("""query($id: ID!) { computer(id: $id) { hostname osVersion model
        } }""", {"id": pc["id"]})["computer"]
    assert after == {"hostname": "ENG-PC-01-NEW", "osVersion": "24H2",
                     "model": "ThinkStation P360"}  # the lock held
    assert any("locked" in w["message"] for w in delta["warnings"])
    assert counts(site.admin) == legacy_data.EXPECTED_KINDS
    device = site.admin.data("""{ usbDevices(filter: {text: "USB-0001"}) { nodes {
        currentCheckout { holder } } } }""")["usbDevices"]["nodes"][0]
    assert device["currentCheckout"] is None


def test_a_mapping_that_does_not_fit_is_refused_before_anything_is_read(
        site: Site, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nsystem: x\nrules:\n  - table: pcs\n    kind: computer\n")
    result = shopdb(site, "import", "legacy", "--source", site.legacy, "--mapping", str(bad))
    assert result.exit_code == 1
    assert "rules[0].table: 'pcs' is not declared under tables" in result.output
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("version: 1\nsystem: x\ntables:\n  pcs: {id: pc_id}\nrules:\n"
                     "  - table: pcs\n    kind: computer\n    fields: {hostname: host_name}\n")
    result = shopdb(site, "import", "legacy", "--source", site.legacy, "--mapping", str(wrong))
    assert result.exit_code == 1
    assert "pcs.host_name" in result.output
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("version: 1\nsystem: x\ntables:\n  pcs: {id: pc_id}\nrules:\n"
                       "  - table: pcs\n    kind: spaceship\n")
    result = shopdb(site, "import", "legacy", "--source", site.legacy, "--mapping", str(unknown))
    assert result.exit_code == 1 and "spaceship" in result.output


def test_show_mapping_prints_the_default_mapping(site: Site) -> None:
    result = shopdb(site, "import", "legacy", "--show-mapping")
    assert result.exit_code == 0
    assert "system: legacy-shopdb" in result.output and "LocationOnly" in result.output


def test_an_unreachable_source_is_one_clear_error(site: Site, tmp_path: Path) -> None:
    missing = f"sqlite+aiosqlite:///{tmp_path / 'nowhere' / 'legacy.sqlite3'}"
    result = shopdb(site, "import", "legacy", "--source", missing)
    assert result.exit_code == 1
    assert result.output.startswith("Error:") and "Traceback" not in result.output


def test_templates_take_plain_columns_only() -> None:
    """A mapping's ``{column}`` template fills in cells; ``str.format``'s attribute access
    (``{machine_id.__class__}``) is not interpreted, so a mapping cannot read internals."""
    from shopdb_gql.migrate.legacy import LegacyImport
    from shopdb_gql.migrate.mapping import load_mapping
    from tests.harness import test_settings

    importer = LegacyImport(test_settings("sqlite+aiosqlite://"), "sqlite://", load_mapping())
    row = {"machine_id": 7, "alias": "  "}
    assert importer.fill("LEGACY-M{machine_id}", row) == "LEGACY-M7"
    assert importer.fill("M{alias}", row) is None  # an empty cell leaves the template out
    assert importer.fill("{machine_id.__class__}", row) == "{machine_id.__class__}"
