"""Core migrations up and down on a fresh database, and /readyz before and after migrating."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from shopdb_gql.db import migrations
from shopdb_gql.db.engine import Database
from tests.harness import Server, fresh_database
from tests.harness import test_settings as settings_for

CORE_TABLES = {"assets", "assetstatuses", "assetrelationships", "locations", "users",
               "refreshtokens", "apitokens", "loginfailures", "auditentries", "pluginstates",
               "settings", "assetidentities", "fieldlocks"}


def table_names(url: str) -> set[str]:
    def names(connection: Connection) -> set[str]:
        return set(inspect(connection).get_table_names())

    async def run() -> set[str]:
        db = Database(url)
        try:
            async with db.engine.connect() as connection:
                return await connection.run_sync(names)
        finally:
            await db.dispose()

    return asyncio.run(run())


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path) as url:
        yield url


def test_upgrade_downgrade_upgrade(empty_database: str) -> None:
    url = empty_database
    assert table_names(url) == set()
    assert migrations.current_heads_sync(url) == set()
    cfg = migrations.alembic_config(url)

    migrations.upgrade(cfg)
    assert table_names(url) >= CORE_TABLES | {"alembic_version"}
    heads = migrations.current_heads_sync(url)
    assert heads == migrations.branch_heads(cfg, [migrations.CORE_BRANCH])

    migrations.downgrade(cfg, "base")
    assert table_names(url) - {"alembic_version"} == set()
    assert migrations.current_heads_sync(url) == set()

    migrations.upgrade(cfg)
    assert table_names(url) >= CORE_TABLES
    assert migrations.current_heads_sync(url) == heads


def test_the_core_tables_follow_the_naming_convention(empty_database: str) -> None:
    migrations.upgrade(migrations.alembic_config(empty_database))

    def columns(connection: Connection) -> dict[str, list[str]]:
        inspector = inspect(connection)
        return {t: [c["name"] for c in inspector.get_columns(t)] for t in CORE_TABLES}

    async def run() -> dict[str, list[str]]:
        db = Database(empty_database)
        try:
            async with db.engine.connect() as connection:
                return await connection.run_sync(columns)
        finally:
            await db.dispose()

    found = asyncio.run(run())
    for table, names in found.items():
        assert all(n == n.lower() and "_" not in n for n in names), (table, names)
    assert {"assettag", "mapx", "mapy", "lastseenat"} <= set(found["assets"])
    assert "inheritsposition" in found["assetrelationships"]


def test_readyz_reports_pending_migrations_until_upgraded(empty_database: str) -> None:
    server = Server(settings_for(empty_database)).start()
    try:
        response = httpx.get(f"{server.url}/readyz", timeout=10)
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "unavailable"
        assert "pending" in body["migrations"]
        assert "shopdb db upgrade" in body["migrations"]
        assert httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200

        migrations.upgrade(migrations.alembic_config(empty_database))
        response = httpx.get(f"{server.url}/readyz", timeout=10)
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "ok"
        assert response.json()["migrations"] == "current"
    finally:
        server.stop()


@pytest.mark.sqlite_only
def test_sqlite_rebuild_keeps_referencing_rows_and_ids_never_come_back(tmp_path: Path) -> None:
    """0006core rebuilds `assets` with AUTOINCREMENT: the rows that reference assets (with
    ON DELETE CASCADE) survive the rebuild, and a deleted asset's id is not handed out again."""
    import sqlite3

    path = tmp_path / "ids.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    cfg = migrations.alembic_config(url)
    migrations.upgrade(cfg, "0005core")
    now = "2026-01-01 00:00:00.000000"
    db = sqlite3.connect(path)
    db.execute("INSERT INTO assetstatuses (id, code, name, sortorder, isactive) "
               "VALUES (1, 'in_use', 'In use', 0, 1)")
    for n in (1, 2):
        db.execute("INSERT INTO assets (id, assettag, name, kind, statusid, createdat, updatedat) "
                   "VALUES (?, ?, ?, 'generic', 1, ?, ?)", (n, f"A-{n}", f"asset {n}", now, now))
    db.execute("INSERT INTO assetrelationships (sourceid, targetid, type, inheritsposition, createdat) "
               "VALUES (1, 2, 'controls', 0, ?)", (now,))
    db.execute("INSERT INTO fieldlocks (assetid, field, lockedat, lockedby) VALUES (2, 'name', ?, 'x')",
               (now,))
    db.commit()
    db.close()

    migrations.upgrade(cfg)
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys=ON")
    try:
        assert "AUTOINCREMENT" in db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'assets'").fetchone()[0]
        assert db.execute("SELECT count(*) FROM assetrelationships").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM fieldlocks").fetchone() == (1,)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        # 0015core starts the kept asset counts from the assets there are.
        assert db.execute("SELECT kind, sum(assets) FROM assetcounts GROUP BY kind").fetchall() \
            == [("generic", 2)]
        # The newest asset is deleted (its lock goes with it); the next one gets a new id.
        db.execute("DELETE FROM assets WHERE id = 2")
        db.execute("INSERT INTO assets (assettag, name, kind, statusid, createdat, updatedat) "
                   "VALUES ('A-3', 'asset 3', 'generic', 1, ?, ?)", (now, now))
        assert db.execute("SELECT id FROM assets WHERE assettag = 'A-3'").fetchone() == (3,)
        assert db.execute("SELECT count(*) FROM fieldlocks").fetchone() == (0,)
        db.commit()
    finally:
        db.close()
    # Down and up again keeps the data too.
    migrations.downgrade(cfg, "0005core")
    migrations.upgrade(cfg)
    db = sqlite3.connect(path)
    try:
        assert db.execute("SELECT count(*) FROM assetrelationships").fetchone() == (0,)  # went with 2
        assert db.execute("SELECT id FROM assets ORDER BY id").fetchall() == [(1,), (3,)]
    finally:
        db.close()
