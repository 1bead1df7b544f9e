"""Running the real app over HTTP for tests: a database, a uvicorn server thread, a client.

The database is SQLite in a temporary file, or - when SHOPDB_TEST_DATABASE_URL names a
MySQL/MariaDB server - a fresh database created on it and dropped afterwards.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from argon2 import PasswordHasher
from sqlalchemy import event, func, inspect, make_url, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from shopdb_gql.app import create_app
from shopdb_gql.auth.current import CHECKING_ACCOUNT
from shopdb_gql.commands.search import reindex_enabled
from shopdb_gql.core import assetcounts, models
from shopdb_gql.core.models import User
from shopdb_gql.core.seed import seed_demo, seed_reference_data
from shopdb_gql.db import migrations
from shopdb_gql.db.engine import Database
from shopdb_gql.plugins.install import mark_installed, migrate_plugins
from shopdb_gql.plugins.loader import load_plugins
from shopdb_gql.runtime import IN_BACKGROUND, Runtime
from shopdb_gql.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PASSWORDS = {"admin": "admin-pass-1", "editor": "editor-pass-1", "viewer": "viewer-pass-1"}

#: Argon2 at its cheapest for the prepared users: a hash carries its parameters, so the
#: server checks these sign-ins in ~1 ms instead of ~0.1 s of CPU each (the suite signs in
#: hundreds of times on two cores). Accounts made through the API or the CLI get the
#: app's own parameters, and tests/core/test_passwords.py checks those.
_CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def cheap_password_hash(password: str) -> str:
    return _CHEAP_HASHER.hash(password)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def mysql_answers() -> bool:
    """Whether a MySQL/MariaDB server answers on 127.0.0.1:3306."""
    try:
        socket.create_connection(("127.0.0.1", 3306), 2).close()
    except OSError:
        return False
    return True


def mysql_url() -> str | None:
    return os.environ.get("SHOPDB_TEST_DATABASE_URL") or None


@contextmanager
def fresh_database(tmp: Path) -> Iterator[str]:
    """Yield the URL of an empty database (SQLite file, or a new MySQL database)."""
    server = mysql_url()
    if server is None:
        yield f"sqlite+aiosqlite:///{tmp / f'test-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    name = f"shopdb_t_{uuid.uuid4().hex[:10]}"

    async def run(sql: str) -> None:
        engine = create_async_engine(server)
        async with engine.begin() as conn:
            await conn.execute(text(sql))
        await engine.dispose()

    asyncio.run(run(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(run(f"DROP DATABASE IF EXISTS {name}"))


LOCAL_MYSQL = "mysql+aiomysql://root@127.0.0.1:3306"


@contextmanager
def local_mysql_database() -> Iterator[str]:
    """A fresh database on the local MariaDB/MySQL (127.0.0.1:3306, root), whatever the
    pass of the suite; for tests that must run on MariaDB once (marked ``once``)."""
    name = f"shopdb_t_{uuid.uuid4().hex[:10]}"

    async def run(sql: str) -> None:
        engine = create_async_engine(LOCAL_MYSQL)
        try:
            async with engine.begin() as conn:
                await conn.execute(text(sql))
        finally:
            await engine.dispose()

    asyncio.run(run(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    try:
        yield f"{LOCAL_MYSQL}/{name}"
    finally:
        asyncio.run(run(f"DROP DATABASE IF EXISTS {name}"))


def test_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"env": "test", "database_url": database_url,
                              "bundled_plugins_dir": ROOT / "plugins", "plugin_paths": [],
                              "schema_poll_seconds": 0.3, "frontend_dist": ROOT / "missing"}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


#: Prepared SQLite databases of this process, by what prepare() reads from its settings:
#: a second site like one before is a copy of it (SQLite's backup API) instead of a
#: migration and a seed of its own (~1.5 s each; the suite prepares dozens of alike sites).
_PREPARED: dict[tuple[Any, ...], Path] = {}
_PREPARED_DIR: Path | None = None


def _prepared_template(settings: Settings, demo: bool) -> tuple[Path | None, Path | None]:
    """(the SQLite file prepare() is to make, the template a site like it was copied
    from, if one was made); (None, None) for other databases and existing files."""
    global _PREPARED_DIR
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or not url.database or Path(url.database).exists():
        return None, None
    if _PREPARED_DIR is None:
        _PREPARED_DIR = Path(tempfile.mkdtemp(prefix="shopdb-prepared-"))
        atexit.register(shutil.rmtree, _PREPARED_DIR, True)
    key = (Path(settings.bundled_plugins_dir).resolve(), tuple(settings.plugin_paths), demo,
           time.strftime("%Y-%m-%d", time.gmtime()))  # demo dates are relative to today
    template = _PREPARED.setdefault(key, _PREPARED_DIR / f"{len(_PREPARED)}.sqlite3")
    return Path(url.database), template


def _copy_sqlite(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def prepare(settings: Settings, *, demo: bool = True) -> None:
    """As `make run` does: migrate core, install and enable every bundled plugin, load
    reference (and demo) data, and create admin/editor/viewer users. On SQLite, a site
    prepared alike before in this process is copied instead."""
    target, template = _prepared_template(settings, demo)
    if target is not None and template is not None and template.exists():
        _copy_sqlite(template, target)
        return
    _prepare(settings, demo=demo)
    if target is not None and template is not None:
        _copy_sqlite(target, template)


def _prepare(settings: Settings, *, demo: bool) -> None:
    cfg = migrations.alembic_config(settings.database_url, migrations.plugin_dirs(settings))
    migrations.upgrade(cfg)
    records = load_plugins([settings.bundled_plugins_dir], strict=True)
    migrate_plugins(settings, records)

    async def seed() -> None:
        db = Database(settings.database_url)
        async with db.transaction() as session:
            await seed_reference_data(session)
            for record in records.values():
                await mark_installed(session, record, enable=True, source="seed")
            if demo and await seed_demo(session):
                for record in records.values():
                    assert record.plugin is not None
                    await record.plugin.seed_demo(session)
            await reindex_enabled(session, records)  # as `shopdb seed demo` does
            for role, password in PASSWORDS.items():
                session.add(User(username=role, role=role, passwordhash=cheap_password_hash(password)))
        await db.dispose()

    asyncio.run(seed())


def db_run(server: Server, work: Callable[[Any], Awaitable[Any]]) -> Any:
    """Run ``work(session)`` on the server's database from the test, in a transaction that
    commits."""
    async def run() -> Any:
        db = Database(server.settings.database_url)
        try:
            async with db.transaction() as session:
                return await work(session)
        finally:
            await db.dispose()
    return asyncio.run(run())


def kept_and_counted(database_url: str) -> tuple[dict[str, int], dict[str, int]]:
    """Assets per kind as the writes keep them (core/assetcounts.py), and as a count of
    the rows says; both empty in a database without the table (not migrated)."""
    async def both() -> tuple[dict[str, int], dict[str, int]]:
        db = Database(database_url)
        try:
            async with db.session() as session:
                if not await session.run_sync(lambda s: inspect(s.connection()).has_table(
                        models.AssetCount.__tablename__)):
                    return {}, {}
                asset = models.Asset
                counted = {kind: int(n) for kind, n in await session.execute(
                    select(asset.kind, func.count()).group_by(asset.kind))}
                return dict(await assetcounts.by_kind(session)), counted
        finally:
            await db.dispose()

    return asyncio.run(both())


def assert_counts_kept(database_url: str) -> None:
    """The asset counts the writes keep equal a count of the rows."""
    kept, counted = kept_and_counted(database_url)
    assert kept == counted, f"asset counts kept {kept}, rows counted {counted}"


@dataclass
class StatementCounter:
    """Counts SQL statements sent by the server's engine (for N+1 assertions)."""

    count: int = 0
    statements: list[str] = field(default_factory=list)
    parameters: list[Any] = field(default_factory=list)

    def __call__(self, conn: Any, cursor: Any, statement: str, parameters: Any,
                 *args: Any) -> None:
        if IN_BACKGROUND.get() or CHECKING_ACCOUNT.get():
            return  # the schema poller or the once-a-second account check, not the request
        self.count += 1
        self.statements.append(statement)
        self.parameters.append(parameters)

    def reset(self) -> None:
        self.count = 0
        self.statements.clear()
        self.parameters.clear()


class Server:
    """The real ASGI app served by uvicorn in a background thread."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.runtime = Runtime(settings)
        self.app = create_app(settings, self.runtime)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.counter = StatementCounter()
        event.listen(self.runtime.db.sync_engine, "before_cursor_execute", self.counter)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                proxy_headers=False,
                                lifespan="on", ws="websockets")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.05)
        return self

    def stop(self, *, check_counts: bool = True) -> None:
        """Stop serving, then check that the writes made meanwhile (through the app, by
        any test using this server) kept the asset counts exact (``check_counts``: a test
        that dropped the database has none to check)."""
        self.server.should_exit = True
        self.thread.join(timeout=15)
        if check_counts:
            assert_counts_kept(self.settings.database_url)


@contextmanager
def spawned(args: list[str], ready_url: str, log: Path, *, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``args`` (e.g. ``shopdb serve``) in a process of its own until ``ready_url``
    answers 200; stop it with SIGTERM afterwards. Its output goes to ``log``, which is
    quoted when it dies or does not get ready within 60 s."""
    with log.open("wb") as out:
        process = subprocess.Popen(args, cwd=cwd or ROOT, env={**os.environ, **(env or {})},
                                   stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(ready_url, timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{args[0]} did not get ready:\n{log.read_text()}")
                time.sleep(0.1)
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class GraphQLError(AssertionError):
    pass


@dataclass
class Client:
    """A GraphQL client over real HTTP. ``token`` is sent as a Bearer token."""

    url: str
    token: str | None = None
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    def post(self, query: str, variables: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None) -> httpx.Response:
        sent = dict(headers or {})
        if self.token:
            sent.setdefault("authorization", f"Bearer {self.token}")
        return self.http.post(f"{self.url}/graphql", json={"query": query,
                                                           "variables": variables or {}},
                              headers=sent)

    def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The full JSON response (``data`` and ``errors``); asserts HTTP 200."""
        response = self.post(query, variables)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """``data`` of a response that must have no errors."""
        body = self.execute(query, variables)
        if body.get("errors"):
            raise GraphQLError(body["errors"])
        result: dict[str, Any] = body["data"]
        return result

    def as_token(self, token: str | None) -> Client:
        return Client(self.url, token, self.http)


LOGIN = """mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { accessToken refreshToken user { id role } errors { code message } }
}"""


def login(client: Client, username: str, password: str) -> dict[str, Any]:
    result: dict[str, Any] = client.data(LOGIN, {"u": username, "p": password})["login"]
    return result


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


@contextmanager
def serve_plugin(plugin_dir: Path, tmp: Path, *, demo: bool = True) -> Iterator[dict[str, Client]]:
    """The real app over HTTP with only the plugin at ``plugin_dir`` (installed, enabled) in a
    fresh database; yields a logged-in client per role (``admin``, ``editor``, ``viewer``)."""
    alone = tmp / "plugins"
    alone.mkdir(exist_ok=True)
    (alone / plugin_dir.name).symlink_to(plugin_dir.resolve(), target_is_directory=True)
    with fresh_database(tmp) as url:
        settings = test_settings(url, bundled_plugins_dir=alone)
        prepare(settings, demo=demo)
        server = Server(settings).start()
        try:
            anonymous = Client(server.url)
            yield {role: anonymous.as_token(login(anonymous, role, password)["accessToken"])
                   for role, password in PASSWORDS.items()}
        finally:
            server.stop()


@contextmanager
def demo_site(tmp: Path, **overrides: Any) -> Iterator[tuple[Server, str, dict[str, Client]]]:
    """A demo site of a test module's own (rows it adds or deletes touch no other module):
    its server, database URL and a signed-in client per role."""
    with fresh_database(tmp) as url:
        prepare(test_settings(url))
        server = Server(test_settings(url, **overrides)).start()
        try:
            anonymous = Client(server.url)
            yield server, url, {role: anonymous.as_token(login(anonymous, role, password)["accessToken"])
                                for role, password in PASSWORDS.items()}
        finally:
            server.stop()
