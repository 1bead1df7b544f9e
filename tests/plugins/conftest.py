"""A server with the dummy plugin installed and enabled (its own database)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from shopdb_gql.core.models import PluginState
from shopdb_gql.db import migrations
from shopdb_gql.db.engine import Database
from tests import harness

PLUGINS_DIR = Path(__file__).resolve().parent
DUMMY_DIR = PLUGINS_DIR / "dummy"


def install_dummy(database_url: str) -> None:
    """Run the dummy plugin's migration branch and mark it installed and enabled."""
    bundled = migrations.plugin_dirs(harness.test_settings(database_url))
    migrations.upgrade(migrations.alembic_config(database_url, [*bundled, DUMMY_DIR]), "dummy@head")

    async def mark() -> None:
        db = Database(database_url)
        async with db.transaction() as session:
            session.add(PluginState(name="dummy", installed=True, enabled=True, version="1.0.0"))
        await db.dispose()

    asyncio.run(mark())


@pytest.fixture(scope="module")
def dummy_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with harness.fresh_database(tmp_path_factory.mktemp("dummydb")) as url:
        harness.prepare(harness.test_settings(url, plugin_paths=[PLUGINS_DIR]), demo=False)
        install_dummy(url)
        yield url


@pytest.fixture(scope="module")
def dummy_server(dummy_database: str) -> Iterator[harness.Server]:
    srv = harness.Server(harness.test_settings(dummy_database, plugin_paths=[PLUGINS_DIR])).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def dummy_clients(dummy_server: harness.Server) -> dict[str, harness.Client]:
    anonymous = harness.Client(dummy_server.url)
    return {role: anonymous.as_token(harness.login(anonymous, role, pw)["accessToken"])
            for role, pw in harness.PASSWORDS.items()}
