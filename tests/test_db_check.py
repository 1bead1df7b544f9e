"""`shopdb db check` and `shopdb plugin migration`: the models and the migrations agree.

Core and every bundled plugin agree with their migrations on the database of the pass
(SQLite, or MariaDB when SHOPDB_TEST_DATABASE_URL is set); a model column without a
migration fails the check, naming it; and `plugin migration` writes exactly the missing
migration on the plugin's own branch, after which the check passes again.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from alembic import command
from shopdb_gql.db import migrations
from tests import harness

PLUGIN = "gadgets"


def shopdb(tmp: Path, *args: str, bundled: Path | None = None,
           plugin_paths: Path | None = None, database_url: str = "") -> subprocess.CompletedProcess[str]:
    """Run the `shopdb` command in a process of its own (as CI and plugin authors do)."""
    env = {**os.environ, "SHOPDB_ENV": "test",
           "SHOPDB_BUNDLED_PLUGINS_DIR": str(bundled or tmp / "no-bundled-plugins"),
           "SHOPDB_PLUGIN_PATHS": str(plugin_paths or ""),
           "SHOPDB_DATABASE_URL": database_url or f"sqlite+aiosqlite:///{tmp / 'unused.sqlite3'}",
           "PYTHONPATH": os.pathsep.join([str(harness.ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "shopdb_gql.cli", *args], cwd=tmp, env=env,
                          capture_output=True, text=True, timeout=240)


def test_core_and_every_bundled_plugin_agree_with_their_migrations(tmp_path: Path) -> None:
    bundled = harness.ROOT / "plugins"
    names = sorted(d.name for d in bundled.iterdir() if (d / "manifest.json").exists())
    with harness.fresh_database(tmp_path) as url:
        harness.prepare(harness.test_settings(url), demo=False)  # every bundled plugin installed
        done = shopdb(tmp_path, "db", "check", bundled=bundled, database_url=url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "agree" in done.stdout and f"({', '.join(['core', *names])}:" in done.stdout


def test_a_fresh_database_built_from_every_migration_agrees(tmp_path: Path) -> None:
    with harness.fresh_database(tmp_path) as url:
        done = shopdb(tmp_path, "db", "check", "--fresh", "--database", url,
                      bundled=harness.ROOT / "plugins")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "agree" in done.stdout


def _plugin_with_a_new_column(tmp: Path) -> Path:
    """A scaffolded plugin in a private plugins folder whose model has a column its
    migrations do not: ``gadgets.serialport`` (indexed)."""
    folder = tmp / "siteplugins"
    made = shopdb(tmp, "plugin", "new", PLUGIN, "--path", str(folder))
    assert made.returncode == 0, made.stdout + made.stderr
    declaration = folder / PLUGIN / "__init__.py"
    text = declaration.read_text()
    anchor = '              help="The maker\'s model name."),\n'
    assert anchor in text
    declaration.write_text(text.replace(anchor, anchor + '        Field("serial_port", str, '
                                        'max_length=60, index=True),\n'))
    return folder


def test_a_model_column_without_a_migration_fails_the_check(tmp_path: Path) -> None:
    folder = _plugin_with_a_new_column(tmp_path)
    declaration = folder / PLUGIN / "__init__.py"
    declaration.write_text(declaration.read_text().replace(
        'Field("model_name", str, "Model", max_length=120,',
        'Field("model_name", str, "Model", max_length=80, not_null=True,'))
    with harness.fresh_database(tmp_path) as url:
        done = shopdb(tmp_path, "db", "check", "--fresh", "--database", url, plugin_paths=folder)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"column {PLUGIN}.serialport: in the model, missing from the database" in done.stdout
    assert f"index ix_{PLUGIN}_serialport on {PLUGIN}(serialport)" in done.stdout
    assert (f"column {PLUGIN}.modelname: type is VARCHAR(120) in the database, VARCHAR(80) "
            "in the model") in done.stdout
    assert f"column {PLUGIN}.modelname: nullable is True in the database, False in the model" \
        in done.stdout
    assert "4 difference(s)" in done.stdout


@pytest.mark.sqlite_only
def test_pending_migrations_and_a_lost_autoincrement_fail_the_check(tmp_path: Path) -> None:
    """Alembic does not compare table options: SQLite's AUTOINCREMENT on assets (0006core)
    is checked on its own; a revision not applied is named."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'site.sqlite3'}"
    cfg = migrations.alembic_config(url)
    migrations.upgrade(cfg, "0005core")
    behind = shopdb(tmp_path, "db", "check", database_url=url)
    assert behind.returncode == 1, behind.stdout + behind.stderr
    (head,) = migrations.branch_heads(cfg, ["core"])  # the newest core revision is named
    assert f"migration {head} is not applied (run `shopdb db upgrade`)" in behind.stdout

    command.stamp(cfg, "0006core")  # recorded as applied, but the table was not rebuilt
    migrations.upgrade(cfg)  # and the later revisions applied on top
    stamped = shopdb(tmp_path, "db", "check", database_url=url)
    assert stamped.returncode == 1, stamped.stdout + stamped.stderr
    assert "1 difference(s)" in stamped.stdout
    assert "table assets: the model asks for AUTOINCREMENT" in stamped.stdout

    migrations.downgrade(cfg, "0005core")
    migrations.upgrade(cfg)
    assert shopdb(tmp_path, "db", "check", database_url=url).returncode == 0


def test_plugin_migration_against_a_database_of_ones_own(tmp_path: Path) -> None:
    """--database compares with an existing database: it must have the plugin installed."""
    folder = _plugin_with_a_new_column(tmp_path)
    versions = folder / PLUGIN / "migrations" / "versions"
    with harness.fresh_database(tmp_path) as url:
        assert shopdb(tmp_path, "db", "upgrade", database_url=url).returncode == 0
        refused = shopdb(tmp_path, "plugin", "migration", PLUGIN, "-m", "serial", "--database",
                         url, plugin_paths=folder, database_url=url)
        assert refused.returncode == 1 and f"plugin {PLUGIN} is not installed" in refused.stderr
        installed = shopdb(tmp_path, "plugin", "install", PLUGIN, plugin_paths=folder,
                           database_url=url)
        assert installed.returncode == 0, installed.stdout + installed.stderr
        done = shopdb(tmp_path, "plugin", "migration", PLUGIN, "-m", "serial", "--database", url,
                      plugin_paths=folder, database_url=url)
        assert done.returncode == 0, done.stdout + done.stderr
        assert (versions / "0002_serial.py").is_file(), done.stdout
        upgraded = shopdb(tmp_path, "db", "upgrade", plugin_paths=folder, database_url=url)
        assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
        checked = shopdb(tmp_path, "db", "check", plugin_paths=folder, database_url=url)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"(core, {PLUGIN}:" in checked.stdout


def test_plugin_migration_writes_exactly_the_new_column_on_the_plugins_branch(
        tmp_path: Path) -> None:
    folder = _plugin_with_a_new_column(tmp_path)
    # Another plugin in the same folder drifts too: its change must stay out of the revision.
    shutil.copytree(harness.ROOT / "tests" / "plugins" / "dummy", folder / "dummy")
    dummy_models = folder / "dummy" / "models.py"
    dummy_models.write_text(dummy_models.read_text().replace(
        "    size: Mapped[int | None] = mapped_column(Integer)\n",
        "    size: Mapped[int | None] = mapped_column(Integer)\n"
        "    weight: Mapped[int | None] = mapped_column(Integer)\n"))
    versions = folder / PLUGIN / "migrations" / "versions"
    before = {p.name for p in versions.glob("*.py")}

    done = shopdb(tmp_path, "plugin", "migration", PLUGIN, "-m", "Add serial port",
                  plugin_paths=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    written = sorted({p.name for p in versions.glob("*.py")} - before)
    assert written == ["0002_add_serial_port.py"], written
    source = (versions / written[0]).read_text()
    assert re.search(r"^revision = '0002gadgets'$", source, re.M), source
    assert re.search(rf"^down_revision = '0001{PLUGIN}'$", source, re.M), source
    upgrade = source[source.index("def upgrade"):source.index("def downgrade")]
    assert upgrade.count("add_column(") == 1 and "'serialport'" in upgrade, upgrade
    assert "sa.String(length=60)" in upgrade and "ix_gadgets_serialport" in upgrade, upgrade
    assert "create_table" not in source and "weight" not in source and "drop_" not in upgrade
    assert re.findall(r"batch_alter_table\('(\w+)'", source) == [PLUGIN, PLUGIN], source

    # Nothing changed since: nothing is written.
    again = shopdb(tmp_path, "plugin", "migration", PLUGIN, "-m", "again", plugin_paths=folder)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "no changes" in again.stdout
    assert {p.name for p in versions.glob("*.py")} == {*before, *written}

    # With dummy's model put back, the revision applies on this pass's database (SQLite
    # or MariaDB) and the check passes.
    (folder / "dummy" / "models.py").write_text(
        (harness.ROOT / "tests" / "plugins" / "dummy" / "models.py").read_text())
    with harness.fresh_database(tmp_path) as url:
        checked = shopdb(tmp_path, "db", "check", "--fresh", "--database", url,
                         plugin_paths=folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "core, dummy, gadgets" in checked.stdout
