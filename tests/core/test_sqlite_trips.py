"""SQLite statements are one job each on aiosqlite's thread (shopdb_gql/db/sqlite.py).

SQLAlchemy's own aiosqlite adapter makes four trips to the connection's thread per
statement and one per commit or rollback, open transaction or not. These tests count the
trips (every aiosqlite job goes through ``Connection._execute``) and check that the
one-trip adapter answers exactly as SQLAlchemy's does, on a real SQLite file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shopdb_gql.auth.current import CHECKING_ACCOUNT
from shopdb_gql.db.engine import IN_BACKGROUND, Database
from shopdb_gql.db.sqlite import OneTripDBAPI
from tests import harness
from tests.harness import Client, Server

pytestmark = pytest.mark.sqlite_only

PAGE = """{ assets(first: 50) { totalCount nodes { id name status { name }
  location { name } position { x y } relationships { type target { name } } } } }"""


class Trips:
    """Counts jobs put on aiosqlite threads by requests (background work left out)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = aiosqlite.Connection._execute

        async def counted(connection: aiosqlite.Connection, fn: Any, *args: Any,
                          **kwargs: Any) -> Any:
            if not (IN_BACKGROUND.get() or CHECKING_ACCOUNT.get()):
                self.count += 1
            return await original(connection, fn, *args, **kwargs)

        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)


def _engines(tmp_path: Path) -> dict[str, AsyncEngine]:
    """SQLAlchemy's own adapter and ours, each on a file of its own."""
    return {
        "sqlalchemy": create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'theirs.sqlite3'}"),
        "one-trip": Database(f"sqlite+aiosqlite:///{tmp_path / 'ours.sqlite3'}").engine,
    }


async def _work(engine: AsyncEngine) -> list[Any]:
    """Every kind of statement the app sends, and what SQLAlchemy reports back."""
    seen: list[Any] = []
    async with engine.begin() as conn:
        await conn.execute(text(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, n INTEGER)"))
        inserted = await conn.execute(text("INSERT INTO t (name, n) VALUES ('a', 1)"))
        seen.append(("lastrowid", inserted.lastrowid, inserted.rowcount))
        many = await conn.execute(text("INSERT INTO t (name, n) VALUES (:name, :n)"),
                                  [{"name": f"m{i}", "n": i} for i in range(5)])
        seen.append(("executemany", many.rowcount))
        returned = await conn.execute(text(
            "INSERT INTO t (name, n) VALUES ('r', 7) RETURNING id, name"))
        seen.append(("returning", [tuple(r) for r in returned], list(returned.keys())))
        updated = await conn.execute(text("UPDATE t SET n = n + 1 WHERE n < 3"))
        seen.append(("update", updated.rowcount))
        deleted = await conn.execute(text("DELETE FROM t WHERE name = 'nothing'"))
        seen.append(("delete none", deleted.rowcount))
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT id, name, n FROM t ORDER BY id"))
        seen.append(("keys", list(rows.keys())))
        seen.append(("fetchmany", [tuple(r) for r in rows.fetchmany(2)]))
        seen.append(("rest", [tuple(r) for r in rows.fetchall()]))
        empty = await conn.execute(text("SELECT id FROM t WHERE id < 0"))
        seen.append(("empty", empty.all(), list(empty.keys())))
        seen.append(("scalar", (await conn.execute(text("SELECT count(*) FROM t"))).scalar()))
        await conn.rollback()  # end the reads' implicit transaction
        try:
            async with conn.begin():
                await conn.execute(text("INSERT INTO t (name, n) VALUES ('half', 1)"))
                await conn.execute(text("INSERT INTO t (name, n) VALUES ('a', 2)"))
        except exc.IntegrityError as error:
            seen.append(("integrity", type(error.orig).__name__))
        seen.append(("rolled back", (await conn.execute(
            text("SELECT count(*) FROM t WHERE name = 'half'"))).scalar()))
        try:
            await conn.execute(text("SELECT nope FROM t"))
        except exc.OperationalError as error:
            seen.append(("operational", str(error.orig)))
        await conn.rollback()
        seen.append(("after error", (await conn.execute(text("SELECT 1"))).scalar()))
    return seen


def test_the_one_trip_adapter_answers_as_sqlalchemys_does(tmp_path: Path) -> None:
    async def run() -> dict[str, list[Any]]:
        results = {}
        for name, engine in _engines(tmp_path).items():
            try:
                results[name] = await _work(engine)
            finally:
                await engine.dispose()
        return results

    results = asyncio.run(run())
    assert results["one-trip"] == results["sqlalchemy"]
    assert ("integrity", "IntegrityError") in results["one-trip"]
    assert ("rolled back", 0) in results["one-trip"]
    assert ("update", 4) in results["one-trip"]


def test_a_reused_cursor_answers_for_its_last_statement(tmp_path: Path) -> None:
    """As a DBAPI cursor does: rows not fetched from one statement are gone after the next
    (the engine's own connect hook runs four PRAGMAs through one cursor)."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")

    def on_driver(connection: Any) -> list[Any]:
        cursor = connection.cursor()
        cursor.execute("SELECT 1 UNION ALL SELECT 2")
        first = cursor.fetchone()
        cursor.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        after_ddl = cursor.fetchall()
        cursor.executemany("INSERT INTO t (id) VALUES (?)", [(1,), (2,)])
        count = cursor.rowcount
        cursor.execute("SELECT id FROM t ORDER BY id")
        return [first, after_ddl, count, cursor.fetchall()]

    async def run() -> list[Any]:
        try:
            async with db.engine.connect() as conn:
                return await conn.run_sync(lambda sync: on_driver(sync.connection.dbapi_connection))
        finally:
            await db.dispose()

    first, after_ddl, count, rows = asyncio.run(run())
    assert tuple(first) == (1,) and after_ddl == [] and count == 2
    assert [tuple(r) for r in rows] == [(1,), (2,)]


def test_a_committed_write_is_seen_by_another_connection(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}"

    async def run() -> tuple[int, int]:
        db = Database(url)
        try:
            async with db.transaction() as session:
                await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
                await session.execute(text("INSERT INTO t (id) VALUES (1), (2)"))
            async with db.session() as session:
                await session.execute(text("INSERT INTO t (id) VALUES (3)"))
                await session.rollback()
        finally:
            await db.dispose()
        async with aiosqlite.connect(tmp_path / "db.sqlite3") as other:
            rows = await other.execute_fetchall("SELECT count(*), max(id) FROM t")
        ((count, highest),) = rows
        return count, highest

    assert asyncio.run(run()) == (2, 2)


@pytest.mark.parametrize("adapter", ["sqlalchemy", "one-trip"])
def test_trips_per_statement(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             adapter: str) -> None:
    engine = _engines(tmp_path)[adapter]

    async def run() -> int:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
            await conn.execute(text("INSERT INTO t (id) VALUES (1), (2), (3)"))
        trips = Trips(monkeypatch)
        async with engine.connect() as conn:  # a read: no transaction is opened
            for _ in range(5):
                assert len((await conn.execute(text("SELECT id FROM t"))).all()) == 3
        reads = trips.count
        await engine.dispose()
        return reads

    reads = asyncio.run(run())
    if adapter == "one-trip":
        assert reads == 5  # five statements, no rollback for a transaction never opened
    else:
        assert reads >= 5 * 3  # the counter sees SQLAlchemy's cursor/execute/fetch trips


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Client]]:
    """A demo site on SQLite, whatever database the rest of this run uses, and an admin
    client of it (creating locations is an admin's)."""
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('trips') / 'shopdb.sqlite3'}"
    harness.prepare(harness.test_settings(url))
    server = Server(harness.test_settings(url)).start()
    try:
        anonymous = Client(server.url)
        token = harness.login(anonymous, "admin", harness.PASSWORDS["admin"])["accessToken"]
        yield server, anonymous.as_token(token)
    finally:
        server.stop()


def test_a_request_makes_one_trip_per_statement(
    sqlite_site: tuple[Server, Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, admin = sqlite_site
    assert isinstance(server.runtime.db.sync_engine.dialect.dbapi, OneTripDBAPI)
    admin.data(PAGE)  # warm: first pages' statements, the schema's caches
    trips = Trips(monkeypatch)
    server.counter.reset()
    page = admin.data(PAGE)["assets"]
    assert len(page["nodes"]) == 50
    assert server.counter.count >= 4
    assert trips.count == server.counter.count


def test_a_write_adds_one_trip_for_its_commit(
    sqlite_site: tuple[Server, Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, admin = sqlite_site
    location = admin.data("{ locations { id } }")["locations"][0]["id"]
    trips = Trips(monkeypatch)
    server.counter.reset()
    created = admin.data(
        """mutation($loc: ID!) { createLocation(input: {name: "Trip test", parentId: $loc}) {
           location { id name } errors { code } } }""", {"loc": location})
    assert created["createLocation"]["location"]["name"] == "Trip test"
    assert server.counter.count >= 2
    assert trips.count == server.counter.count + 1
