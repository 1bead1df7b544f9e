"""``shopdb plugin new``: the generated plugin installs, serves over HTTP and passes its tests."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from shopdb_gql.cli import main
from shopdb_gql.core.models import PluginState
from shopdb_gql.db import migrations
from shopdb_gql.db.engine import Database
from tests import harness
from tests.plugins.conftest import PLUGINS_DIR

NAME = "gadgets"


def new(*args: str, plugin_paths: str = "") -> Result:
    env = {"SHOPDB_PLUGIN_PATHS": plugin_paths, "SHOPDB_ENV": "test"}
    return CliRunner().invoke(main, ["plugin", "new", *args], env=env)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site plugin folder holding the scaffolded plugin ``gadgets``."""
    folder = tmp_path_factory.mktemp("siteplugins")
    done = new(NAME, "--path", str(folder))
    assert done.exit_code == 0, done.output
    assert f"shopdb plugin install {NAME}" in done.output
    return folder


@pytest.fixture(scope="module")
def server(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[harness.Server]:
    # Only the site folder: the test must not depend on the bundled plugins of the day.
    empty = tmp_path_factory.mktemp("nobundled")
    with harness.fresh_database(tmp_path_factory.mktemp("scaffolddb")) as url:
        settings = harness.test_settings(url, bundled_plugins_dir=empty, plugin_paths=[site])
        harness.prepare(settings, demo=False)
        cfg = migrations.alembic_config(url, migrations.plugin_dirs(settings))
        migrations.upgrade(cfg, f"{NAME}@head")

        async def mark() -> None:
            db = Database(url)
            async with db.transaction() as session:
                session.add(PluginState(name=NAME, installed=True, enabled=True, version="0.1.0"))
            await db.dispose()

        asyncio.run(mark())
        srv = harness.Server(settings).start()
        yield srv
        srv.stop()


@pytest.fixture(scope="module")
def editor(server: harness.Server) -> harness.Client:
    anonymous = harness.Client(server.url)
    return anonymous.as_token(harness.login(anonymous, "editor", harness.PASSWORDS["editor"])
                              ["accessToken"])


def test_scaffold_writes_every_part(site: Path) -> None:
    root = site / NAME
    parts = ("manifest.json", "__init__.py", "routes.py", f"migrations/versions/0001_{NAME}.py",
             f"tests/test_{NAME}.py", "ui/index.js", "ui/index.css")
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == sorted(parts)
    migration = (root / f"migrations/versions/0001_{NAME}.py").read_text()
    assert f'branch_labels = ("{NAME}",)' in migration and 'depends_on = "0001core"' in migration
    # The kind is one declaration: each field named once, in one short file.
    init = (root / "__init__.py").read_text()
    assert 'Kind(\n    "gadget", "Gadget", type_name="Gadget"' in init
    assert "plugin = KindPlugin(gadget, routes=routes_for(gadget))" in init
    assert init.count('Field("manufacturer"') == 1 and init.count("manufacturer") == 1
    assert len(init.splitlines()) < 40
    assert "{{" not in "".join(p.read_text() for p in root.rglob("*") if p.is_file())
    # Its UI: a card for the kind, no build step, the API version the manifest declares.
    card = (root / "ui/index.js").read_text()
    assert "ui.detailCard('Gadget', { component: GadgetCard })" in card
    assert "apiVersion: '1.0'" in card and "import " not in card
    assert '"ui": {"entry": "ui/index.js", "api": "1.0"' in (root / "manifest.json").read_text()


@pytest.mark.parametrize(("name", "message"), [
    ("Bad", "invalid"), ("bad_name", "invalid"), ("x", "invalid"), ("a" * 29, "invalid"),
    ("db", "core command"), ("plugin", "core command"), ("dummy", "exists already"),
])
def test_refused_names(name: str, message: str, tmp_path: Path) -> None:
    done = new(name, "--path", str(tmp_path), plugin_paths=str(PLUGINS_DIR))
    assert done.exit_code == 1 and message in done.output, done.output
    assert not (tmp_path / name).exists()


def test_refuses_to_overwrite_a_folder(tmp_path: Path) -> None:
    (tmp_path / NAME).mkdir()
    (tmp_path / NAME / "keep.txt").write_text("mine")
    done = new(NAME, "--path", str(tmp_path))
    assert done.exit_code == 1 and "refusing to overwrite" in done.output
    assert [p.name for p in (tmp_path / NAME).iterdir()] == ["keep.txt"]


def test_type_name_option(tmp_path: Path) -> None:
    done = new("gaugesets", "--type-name", "GaugeSet", "--path", str(tmp_path))
    assert done.exit_code == 0, done.output
    init = (tmp_path / "gaugesets" / "__init__.py").read_text()
    assert '"gaugeset", "Gauge set", type_name="GaugeSet", table="gaugesets"' in init
    assert "gauge_set = Kind(" in init
    assert "plugin = KindPlugin(gauge_set, routes=routes_for(gauge_set))" in init


CREATE = """mutation($input: GadgetInput!) {
  createGadget(input: $input) { gadget { id kind manufacturer } errors { code } }
}"""


def test_installed_scaffold_serves_queries_and_mutations(editor: harness.Client) -> None:
    made = editor.data(CREATE, {"input": {"name": "g-1", "manufacturer": "Acme"}})["createGadget"]
    assert made["errors"] == [] and made["gadget"]["kind"] == "gadget"
    one = editor.data("query($id: ID!) { gadget(id: $id) { name manufacturer } }",
                      {"id": made["gadget"]["id"]})["gadget"]
    assert one == {"name": "g-1", "manufacturer": "Acme"}
    listed = editor.data('{ gadgets(filter: {manufacturer: "acme"}) { totalCount } }')["gadgets"]
    assert listed["totalCount"] == 1
    menu = editor.data("{ navigation { key path plugin kind } }")["navigation"]
    assert {"key": NAME, "path": f"/{NAME}", "plugin": NAME, "kind": "gadget"} in menu
    kinds = editor.data("{ assetKinds { kind typeName plugin } }")["assetKinds"]
    assert {"kind": "gadget", "typeName": "Gadget", "plugin": NAME} in kinds
    # Nothing names a bare gadget: its generated asset tag does.
    bare = editor.data("mutation { createGadget(input: {}) { gadget { name assetTag } errors { code } } }")
    gadget = bare["createGadget"]["gadget"]
    assert bare["createGadget"]["errors"] == [] and gadget["name"] == gadget["assetTag"]


def test_generated_tests_pass(site: Path) -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-m", "pytest", str(site / NAME / "tests"), "-q",
                           "-p", "no:cacheprovider"], cwd=harness.ROOT, env=env,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "6 passed" in done.stdout


INGEST = """mutation($records: [GadgetRecord!]!) {
  ingestGadgets(source: "test", records: $records) {
    created updated results { status asset { ... on Gadget { serialNumber manufacturer } } }
  }
}"""


def test_scaffold_ingest_is_live(server: harness.Server) -> None:
    """The generated ingest spec is declared to core: collectors can send records at once."""
    admin = harness.Client(server.url)
    admin = admin.as_token(harness.login(admin, "admin", harness.PASSWORDS["admin"])["accessToken"])
    record = {"serialNumber": "GX-77", "manufacturer": "Acme", "modelName": "G7"}
    first = admin.data(INGEST, {"records": [record]})["ingestGadgets"]
    assert first["created"] == 1
    assert first["results"][0]["asset"] == {"serialNumber": "GX-77", "manufacturer": "Acme"}
    again = admin.data(INGEST, {"records": [{**record, "manufacturer": "Acme Corp"}]})["ingestGadgets"]
    assert again["created"] == 0 and again["updated"] == 1
