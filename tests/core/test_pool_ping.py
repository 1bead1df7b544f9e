"""Pooled MariaDB connections are pinged before use only after sitting idle
(``SHOPDB_DB_PING_AFTER_IDLE_SECONDS``, db/engine.py): busy connections cost no extra round
trip, and one the server dropped while idle is replaced before a request sees it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from shopdb_gql.auth.current import CHECKING_ACCOUNT
from shopdb_gql.db.engine import IN_BACKGROUND, Database
from tests import harness

pytestmark = pytest.mark.once

LIST = "{ assets(first: 5) { nodes { id name } } }"


class Pings:
    """Counts the pings an engine sends for requests (the dialect's do_ping, wrapped)."""

    def __init__(self, db: Database) -> None:
        self.dialect = db.sync_engine.dialect
        self.original = self.dialect.do_ping
        self.count = 0

        def counted(dbapi_connection: Any) -> bool:
            if not (IN_BACKGROUND.get() or CHECKING_ACCOUNT.get()):  # requests' pings only
                self.count += 1
            return bool(self.original(dbapi_connection))

        self.dialect.do_ping = counted  # type: ignore[method-assign]

    def close(self) -> None:
        self.dialect.do_ping = self.original  # type: ignore[method-assign]


def _on_server(work: Callable[[AsyncConnection], Awaitable[int]]) -> int:
    """Run ``work`` on a connection of its own to the local MariaDB (as an admin would)."""
    async def run() -> int:
        engine = create_async_engine(harness.LOCAL_MYSQL)
        try:
            async with engine.connect() as conn:
                return await work(conn)
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def _kill_all(conn: AsyncConnection, connection_ids: Sequence[int]) -> int:
    """KILL these server connections (as a restart or a firewall would drop them)."""
    for conn_id in connection_ids:
        await conn.execute(text(f"KILL CONNECTION {int(conn_id)}"))
    return len(connection_ids)


def _kill(connection_id: int) -> int:
    return _on_server(lambda conn: _kill_all(conn, [connection_id]))


def _kill_connections_to(url: str) -> int:
    """KILL every server connection using the app's database; how many."""
    async def work(conn: AsyncConnection) -> int:
        ids = (await conn.execute(text(
            "SELECT id FROM information_schema.processlist WHERE db = :db"),
            {"db": url.rsplit("/", 1)[1]})).scalars().all()
        return await _kill_all(conn, ids)

    return _on_server(work)


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, harness.Server, harness.Client]]:
    if not harness.mysql_answers():
        pytest.skip("no MariaDB/MySQL answers on 127.0.0.1:3306 (these tests need one)")
    with harness.local_mysql_database() as url:
        harness.prepare(harness.test_settings(url))
        server = harness.Server(harness.test_settings(
            url, db_ping_after_idle_seconds=2.0, ldap_sync_seconds=0,
            schema_poll_seconds=3600)).start()  # the poller would use (and ping) the pool too
        try:
            anonymous = harness.Client(server.url)
            token = harness.login(anonymous, "viewer", harness.PASSWORDS["viewer"])["accessToken"]
            yield url, server, anonymous.as_token(token)
        finally:
            server.stop()


def test_busy_connections_are_not_pinged(site: tuple[str, harness.Server, harness.Client]) -> None:
    _, server, viewer = site
    viewer.data(LIST)
    pings = Pings(server.runtime.db)
    try:
        for _ in range(10):  # back to back: each connection was in use moments ago
            assert viewer.data(LIST)["assets"]["nodes"]
    finally:
        pings.close()
    assert pings.count == 0


@pytest.mark.parametrize("idle_limit", [0.5, 0.0], ids=["after-idle", "every-use"])
def test_an_idle_connection_is_pinged_and_a_dropped_one_replaced(
        site: tuple[str, harness.Server, harness.Client], idle_limit: float) -> None:
    """On an engine of its own (the server's background tasks would meet the dropped
    connection first): a connection killed while idle is replaced before use."""
    url = site[0]

    async def run() -> int:
        db = Database(url, ping_after_idle=idle_limit)
        pings = Pings(db)
        try:
            async with db.engine.connect() as conn:
                first = (await conn.execute(text("SELECT CONNECTION_ID()"))).scalar_one()
            await asyncio.to_thread(_kill, int(first))
            await asyncio.sleep(idle_limit + 0.2)
            async with db.engine.connect() as conn:
                second = (await conn.execute(text("SELECT CONNECTION_ID()"))).scalar_one()
            assert second != first
            return pings.count
        finally:
            pings.close()
            await db.dispose()

    assert asyncio.run(run()) >= 1


def test_a_connection_dropped_while_in_use_fails_cleanly_and_the_pool_recovers(
        site: tuple[str, harness.Server, harness.Client]) -> None:
    """Within the idle limit nothing is pinged: a connection killed in between fails the
    request that uses it with UNAVAILABLE (not a 500), and the pool drops the older
    connections, so the next request is answered."""
    url, _, viewer = site
    viewer.data(LIST)
    assert _kill_connections_to(url) >= 1
    first = viewer.post(LIST)  # at once: no ping, the dead connection may be the one used
    # Answered (a background task may have met the dead connection first), or refused as
    # retryable: never a 500.
    assert first.status_code in (200, 503), first.text
    codes = {e["extensions"]["code"] for e in first.json().get("errors", [])}
    assert codes <= {"UNAVAILABLE"}, first.text
    second = viewer.execute(LIST)
    assert "errors" not in second, second
    assert second["data"]["assets"]["nodes"]
