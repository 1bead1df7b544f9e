"""`shopdb plugin install` / `uninstall`: migrations per plugin branch, refusal while data
exists, and `--drop-data` removing the data and the plugin's tables."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import inspect, text

from shopdb_gql.cli import main
from shopdb_gql.db.engine import Database

pytestmark = pytest.mark.sqlite_only
PLUGINS = Path(__file__).resolve().parent / "plugins"


def _run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def _query(url: str, sql: str) -> list[tuple[object, ...]]:
    async def run() -> list[tuple[object, ...]]:
        db = Database(url)
        try:
            async with db.engine.begin() as conn:
                result = await conn.execute(text(sql))
                return [tuple(r) for r in result.all()] if result.returns_rows else []
        finally:
            await db.dispose()

    return asyncio.run(run())


def _tables(url: str) -> set[str]:
    async def run() -> set[str]:
        db = Database(url)
        try:
            async with db.engine.connect() as conn:
                return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
        finally:
            await db.dispose()

    return asyncio.run(run())


def test_install_then_uninstall_guards_data(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'site.sqlite3'}"
    env = {"SHOPDB_DATABASE_URL": url, "SHOPDB_ENV": "test",
           "SHOPDB_BUNDLED_PLUGINS_DIR": str(tmp_path / "none"), "SHOPDB_PLUGIN_PATHS": str(PLUGINS)}
    assert _run(env, "db", "upgrade").exit_code == 0
    assert _run(env, "seed", "reference-data").exit_code == 0
    installed = _run(env, "plugin", "install", "dummy")
    assert installed.exit_code == 0 and "plugin dummy installed" in installed.output
    assert "dummywidgets" in _tables(url)
    assert _query(url, "SELECT installed, enabled FROM pluginstates WHERE name = 'dummy'") == [(1, 1)]

    _query(url, "INSERT INTO assets (assettag, name, kind, statusid, createdat, updatedat) "
                "SELECT 'DW-1', 'widget', 'dummywidget', min(id), '2026-01-01', '2026-01-01' "
                "FROM assetstatuses")
    # Written behind the app's back: counted once recounted.
    recounted = _run(env, "db", "recount")
    assert recounted.exit_code == 0 and "dummywidget: 1" in recounted.output, recounted.output
    assert _query(url, "SELECT sum(assets) FROM assetcounts WHERE kind = 'dummywidget'") == [(1,)]
    refused = _run(env, "plugin", "uninstall", "dummy")
    assert refused.exit_code != 0 and "--drop-data" in refused.output
    assert "dummywidgets" in _tables(url)

    dropped = _run(env, "plugin", "uninstall", "dummy", "--drop-data")
    assert dropped.exit_code == 0, dropped.output
    assert "dummywidgets" not in _tables(url)
    assert _query(url, "SELECT count(*) FROM assets WHERE kind = 'dummywidget'") == [(0,)]
    assert _query(url, "SELECT count(*) FROM assetcounts WHERE kind = 'dummywidget'") == [(0,)]
    assert _query(url, "SELECT installed, enabled FROM pluginstates WHERE name = 'dummy'") == [(0, 0)]
    assert _query(url, "SELECT count(*) FROM auditentries WHERE objecttype = 'plugin' "
                       "AND action = 'uninstall'") == [(1,)]
