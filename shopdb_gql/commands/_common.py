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
            if type(exc).__module__.startswith(("sqlalchemy", "pymysql", "aiomysql")):
                raise click.ClickException(f"database error: {str(exc).splitlines()[0]}") from exc
            raise

    return wrapper


def settings() -> Settings:
    return Settings()


async def with_db(work: Callable[[Any], Awaitable[T]]) -> T:
    from shopdb_gql.db.engine import Database

    cfg = settings()
    db = Database(cfg.database_url)
    try:
        async with db.transaction() as session:
            return await work(session)
    finally:
        await db.dispose()
