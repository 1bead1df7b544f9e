"""Alembic environment: async engine, one MetaData for core and every plugin."""

from __future__ import annotations

import asyncio

from sqlalchemy.engine import Connection

from alembic import context
from shopdb_gql.core import models  # noqa: F401  (registers core tables)
from shopdb_gql.db.base import metadata
from shopdb_gql.db.engine import Database

config = context.config


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # A batch migration rebuilds a table: it copies the rows, drops the old table and
        # renames the copy. With foreign keys enforced, that drop would first delete every
        # row, cascading into each table that references it (a kind's rows, relationships).
        # SQLite ignores this pragma inside a transaction, so it comes before any statement
        # that opens one; the integrity check below runs before anything is committed.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    # `shopdb plugin migration` adds its table filter and empty-revision guard
    # (shopdb_gql.db.migrations.CONFIGURE_OPTIONS).
    options = {"render_as_batch": sqlite, "compare_type": True,
               **config.attributes.get("configure_options", {})}
    context.configure(connection=connection, target_metadata=metadata, **options)
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migrations left rows pointing at nothing: {broken[:5]}")


async def _run_async(url: str) -> None:
    db = Database(url)
    try:
        async with db.engine.connect() as connection:
            try:
                await connection.run_sync(_run)
                await connection.commit()
            finally:
                if connection.dialect.name == "sqlite":
                    await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
    finally:
        await db.dispose()


def run() -> None:
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_async(str(url)))


run()
