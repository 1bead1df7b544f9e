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
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str) -> None:
    db = Database(url)
    try:
        async with db.engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
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
