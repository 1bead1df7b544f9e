"""Engine and session factory for one database URL."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from shopdb_gql.db.lengths import install as install_length_check
from shopdb_gql.db.sqlite import OneTripDBAPI

#: True in work no request waits for (the schema poller, webhook deliveries, event
#: listeners, the directory re-check), so statement counters and pool watches can tell
#: their queries apart from a request's.
IN_BACKGROUND: ContextVar[bool] = ContextVar("shopdb_in_background", default=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def json_text(value: Any) -> str:
    """JSON columns are written with orjson: an ingest batch writes 1,000 audit entries,
    whose JSON ``json.dumps`` took a tenth of the batch to produce. Integer keys become
    strings, as with ``json.dumps``."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


#: Where a pooled connection notes when it went back to the pool (monotonic seconds).
_RETURNED_AT = "shopdb_returned_at"


def ping_when_idle(engine: AsyncEngine, idle_seconds: float) -> None:
    """Ping a pooled connection before use only when it sat idle ``idle_seconds`` or more.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout: one more round trip per request,
    which under 50 clients cost a tenth of a worker's time for connections used moments ago.
    A connection idle for a while is the one a restarted server, a firewall or
    ``wait_timeout`` may have dropped: it is still pinged, and a dead one is replaced before
    the request sees it (DisconnectionError makes the pool connect afresh). A database that
    goes away while connections are busy fails the requests in flight with UNAVAILABLE, and
    the pool drops every older connection (SQLAlchemy's invalidation on disconnect)."""
    pool = engine.sync_engine.pool
    dialect = engine.sync_engine.dialect

    def returned(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        # A new connection has no mark (its info goes with the DBAPI connection): no ping.
        since = record.info.get(_RETURNED_AT)
        if since is None or time.monotonic() - since < idle_seconds:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise DisconnectionError(f"idle connection did not answer a ping: {exc}") from exc
        if not alive:
            raise DisconnectionError("idle connection did not answer a ping")

    event.listen(pool, "checkin", returned)
    event.listen(pool, "checkout", checked_out)


def create_engine(
    url: str, *, pool_size: int = 10, max_overflow: int = 10, pool_recycle: int = 1800,
    pool_timeout: float = 5.0, ping_after_idle: float = 10.0,
) -> AsyncEngine:
    """Create the async engine; SQLite gets WAL and foreign keys, MySQL a sized pool.

    ``pool_timeout`` bounds the wait for a pooled connection: when the database is truly
    saturated a caller gets a quick, retryable UNAVAILABLE error instead of hanging.
    """
    if url.startswith("sqlite"):
        options: dict[str, Any] = {} if ":memory:" in url or "mode=memory" in url else {
            "pool_size": pool_size, "max_overflow": max_overflow, "pool_timeout": pool_timeout}
        if url.startswith("sqlite+aiosqlite"):
            options["module"] = OneTripDBAPI()  # one trip to aiosqlite's thread per statement
        engine = create_async_engine(url, json_serializer=json_text, **options)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    connect_args: dict[str, Any] = {}
    if url.startswith("mysql"):
        connect_args["charset"] = "utf8mb4"
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_recycle=pool_recycle,
        pool_timeout=pool_timeout,
        pool_pre_ping=ping_after_idle <= 0,  # 0: every checkout, as SQLAlchemy does it
        connect_args=connect_args,
        json_serializer=json_text,
    )
    if ping_after_idle > 0:
        ping_when_idle(engine, ping_after_idle)
    return engine


class Database:
    """An engine plus its session factory (``expire_on_commit=False``)."""

    def __init__(self, url: str, **pool: Any) -> None:
        self.url = url
        install_length_check()
        self.engine = create_engine(url, **pool)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def sync_engine(self) -> Engine:
        return self.engine.sync_engine

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside a transaction that commits on success, rolls back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
