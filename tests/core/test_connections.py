"""One request, one database connection: bursts do not stall, a saturated database answers
fast and clean, bad requests return their connection, concurrent edits do not fail."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from shopdb_gql.runtime import IN_BACKGROUND
from tests import harness
from tests.harness import PASSWORDS, Client, Server, login

NOTES = """mutation($id: ID!, $notes: String) { setAssetNotes(id: $id, notes: $notes) {
  asset { id notes } errors { code message } } }"""
TOKEN = "mutation($i: ApiTokenInput!) { createApiToken(input: $i) { secret errors { code } } }"


class PoolWatch:
    """Connections a request's code holds at once (the schema poller's are left out)."""

    def __init__(self, server: Server) -> None:
        self.out = 0
        self.peak = 0
        self.lock = threading.Lock()
        pool = server.runtime.db.sync_engine.pool
        event.listen(pool, "checkout", self._checkout)
        event.listen(pool, "checkin", self._checkin)
        self.pool = pool

    def _checkout(self, *_: Any) -> None:
        if IN_BACKGROUND.get():
            return
        with self.lock:
            self.out += 1
            self.peak = max(self.peak, self.out)

    def _checkin(self, *_: Any) -> None:
        with self.lock:
            if self.out > 0:
                self.out -= 1

    def reset(self) -> None:
        with self.lock:
            self.peak = self.out

    def close(self) -> None:
        event.remove(self.pool, "checkout", self._checkout)
        event.remove(self.pool, "checkin", self._checkin)


@pytest.fixture
def watch(server: Server) -> Iterator[PoolWatch]:
    watcher = PoolWatch(server)
    yield watcher
    watcher.close()


def _first_asset(client: Client) -> str:
    asset_id: str = client.data("{ assets(first: 1) { nodes { id } } }")["assets"]["nodes"][0]["id"]
    return asset_id


def test_a_request_never_holds_two_connections(server: Server, editor: Client, admin: Client,
                                               anon: Client, watch: PoolWatch) -> None:
    asset = _first_asset(editor)
    secret = admin.data(TOKEN, {"i": {"name": f"pool-{time.time_ns()}", "scopes": ["write"]}})
    calls = [
        (editor, NOTES, {"id": asset, "notes": "one connection"}),
        (anon, harness.LOGIN, {"u": "editor", "p": PASSWORDS["editor"]}),
        (anon, harness.LOGIN, {"u": "editor", "p": "wrong password"}),
        (anon, harness.LOGIN, {"u": "nobody-at-all", "p": "wrong password"}),
        (editor.as_token(secret["createApiToken"]["secret"]), NOTES, {"id": asset, "notes": "t"}),
        (admin, "mutation { setPluginEnabled(name: \"usb\", enabled: true) { errors { code } } }",
         None),
        (admin, "{ plugins { name enabled } }", None),
    ]
    for client, query, variables in calls:
        watch.reset()
        body = client.execute(query, variables)
        assert "errors" not in body, body
        assert watch.peak <= 1, f"{query[:40]}... held {watch.peak} connections at once"


def test_a_burst_of_writes_and_logins_all_succeed(server: Server, editor: Client,
                                                  anon: Client) -> None:
    asset = _first_asset(editor)

    def write(i: int) -> dict[str, Any]:
        client = Client(server.url, editor.token, httpx.Client(timeout=60))
        result: dict[str, Any] = client.data(NOTES, {"id": asset, "notes": f"burst {i}"})
        return result["setAssetNotes"]

    def sign_in(_: int) -> dict[str, Any]:
        return login(Client(server.url, None, httpx.Client(timeout=60)), "viewer",
                     PASSWORDS["viewer"])

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=40) as pool:
        writes = list(pool.map(write, range(20)))
        logins = list(pool.map(sign_in, range(40)))
    assert all(w["errors"] == [] for w in writes), [w for w in writes if w["errors"]]
    assert all(entry["accessToken"] and entry["errors"] == [] for entry in logins)
    # They stalled for the 30 s pool timeout before; generous for a loaded machine.
    assert time.perf_counter() - started < 25


def test_bad_requests_give_their_connection_back(server: Server, admin: Client,
                                                 watch: PoolWatch) -> None:
    secret = admin.data(TOKEN, {"i": {"name": f"leak-{time.time_ns()}", "scopes": ["read"]}})
    auth = {"authorization": f"Bearer {secret['createApiToken']['secret']}"}
    url = f"{server.url}/graphql"
    bad: list[tuple[str, dict[str, Any]]] = [
        ("post", {"content": b"{not json", "headers": {**auth, "content-type": "application/json"}}),
        ("post", {"json": [{"query": "{ me { id } }"}], "headers": auth}),
        ("post", {"content": b"{ me { id } }", "headers": {**auth, "content-type": "text/plain"}}),
        ("post", {"json": {"query": "{ nope }"}, "headers": auth}),
        ("post", {"json": {"query": "{ assets { totalCount } }"},
                  "headers": {"authorization": "Bearer shp_wrong_secret"}}),
        ("get", {"params": {"query": "{ me { id } }"}, "headers": {**auth, "accept": "application/json"}}),
    ]
    with httpx.Client(timeout=30) as http:
        for _ in range(10):
            for method, kwargs in bad:
                response = getattr(http, method)(url, **kwargs)
                assert response.status_code < 500, response.text
    deadline = time.monotonic() + 5
    while watch.out and time.monotonic() < deadline:
        time.sleep(0.05)
    assert watch.out == 0, f"{watch.out} connection(s) still out after the bad requests"


@pytest.fixture
def small_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with harness.fresh_database(tmp_path_factory.mktemp("smallpool")) as url:
        harness.prepare(harness.test_settings(url), demo=False)
        server = Server(harness.test_settings(url, db_pool_size=1, db_max_overflow=0,
                                              db_pool_timeout=0.3, schema_poll_seconds=60)).start()
        yield server
        server.stop()


async def _event() -> asyncio.Event:
    return asyncio.Event()  # made on the server's loop, where it is awaited


def test_a_saturated_database_answers_unavailable_at_once(small_pool: Server) -> None:
    """Every pooled connection busy: a clean, retryable error within the pool timeout."""
    loop = small_pool.server.servers[0].get_loop()
    held = threading.Event()
    release = asyncio.run_coroutine_threadsafe(_event(), loop).result(10)

    async def hold() -> None:
        async with small_pool.runtime.db.engine.connect():
            held.set()
            await release.wait()

    future = asyncio.run_coroutine_threadsafe(hold(), loop)
    assert held.wait(10)
    try:
        anonymous = Client(small_pool.url)
        started = time.perf_counter()
        body = anonymous.execute(harness.LOGIN, {"u": "admin", "p": PASSWORDS["admin"]})
        elapsed = time.perf_counter() - started
    finally:
        loop.call_soon_threadsafe(release.set)
        future.result(10)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "UNAVAILABLE" and error["extensions"]["retryable"]
    assert "pool" not in error["message"].lower() and "QueuePool" not in error["message"]
    assert elapsed < 5, elapsed
    # Free again: the same call works.
    assert login(Client(small_pool.url), "admin", PASSWORDS["admin"])["accessToken"]


def test_concurrent_editors_of_one_asset_all_succeed(server: Server, editor: Client) -> None:
    asset = _first_asset(editor)

    def save(i: int) -> dict[str, Any]:
        client = Client(server.url, editor.token, httpx.Client(timeout=60))
        result: dict[str, Any] = client.data(NOTES, {"id": asset, "notes": f"editor {i}"})
        return result["setAssetNotes"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        for round_ in range(5):
            results = list(pool.map(save, range(round_ * 8, round_ * 8 + 8)))
            assert all(r["errors"] == [] for r in results), [r for r in results if r["errors"]]


@pytest.mark.slow
@pytest.mark.once
def test_concurrent_editors_on_two_workers(tmp_path: Path) -> None:
    """Eight editors saving one asset at once against `shopdb serve --workers 2` on MariaDB:
    deadlocks and clashes on the field-lock row are retried, never reported as CONFLICT."""
    if not harness.mysql_answers():
        print("SKIPPING: nothing answers on 127.0.0.1:3306, no MariaDB for two workers")
        pytest.skip("no MariaDB/MySQL on 127.0.0.1:3306")
    with harness.local_mysql_database() as url:
        harness.prepare(harness.test_settings(url))
        port = harness.free_port()
        env = {"SHOPDB_DATABASE_URL": url, "SHOPDB_ENV": "test",
               "SHOPDB_FRONTEND_DIST": str(tmp_path / "none")}
        with harness.spawned([sys.executable, "-m", "shopdb_gql.cli", "serve", "--port", str(port),
                              "--workers", "2"], f"http://127.0.0.1:{port}/readyz",
                             tmp_path / "serve.log", env=env):
            base = f"http://127.0.0.1:{port}"
            token = login(Client(base), "editor", PASSWORDS["editor"])["accessToken"]
            asset = _first_asset(Client(base, token))

            def save(i: int) -> dict[str, Any]:
                result: dict[str, Any] = Client(base, token, httpx.Client(timeout=60)).data(
                    NOTES, {"id": asset, "notes": f"editor {i}"})
                return result["setAssetNotes"]

            with ThreadPoolExecutor(max_workers=8) as pool:
                results = list(pool.map(save, range(40)))
    assert [r for r in results if r["errors"]] == []
