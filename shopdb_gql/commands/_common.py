"""Helpers shared by the ``shopdb`` subcommands."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from functools import wraps
from typing import Any, TypeVar

import click

from shopdb_gql.settings import ConfigurationError, Settings

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def friendly(fn: Callable[..., T]) -> Callable[..., T]:
    """Turn expected failures into ``Error: <one line>`` and exit status 1."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        from shopdb_gql.plugins.errors import PluginError

        try:
            return fn(*args, **kwargs)
        except (PluginError, ConfigurationError, ValueError, LookupError, OSError) as exc:
            raise click.ClickException(str(exc).replace("\n", " ")) from exc
        except Exception as exc:
            module = type(exc).__module__
            if module.startswith("alembic"):  # e.g. an unknown revision
                raise click.ClickException(str(exc).splitlines()[0]) from exc
            if module.startswith(("sqlalchemy", "pymysql", "aiomysql", "sqlite3")):
                raise click.ClickException(
                    f"database error ({describe_database(settings().database_url)}): "
                    f"{str(exc).splitlines()[0]}") from exc
            raise

    return wrapper


def settings() -> Settings:
    return Settings()


def describe_database(url: str) -> str:
    """The database ``url`` names, for people, without a password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def require_schema() -> None:
    """Refuse to work on a database without tables (a new file, a wrong URL), saying which
    database and how to fix it, instead of failing later with "no such table"."""
    from shopdb_gql.db.migrations import current_heads_sync

    url = settings().database_url
    if not current_heads_sync(url):
        raise click.ClickException(
            f"the database {describe_database(url)} has no tables: run `shopdb db upgrade` "
            "first (or set SHOPDB_DATABASE_URL to the right database)")


async def with_db(work: Callable[[Any], Awaitable[T]]) -> T:
    from shopdb_gql.db.engine import Database

    cfg = settings()
    db = Database(cfg.database_url)
    try:
        async with db.transaction() as session:
            return await work(session)
    finally:
        await db.dispose()
