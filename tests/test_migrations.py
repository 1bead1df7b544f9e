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
