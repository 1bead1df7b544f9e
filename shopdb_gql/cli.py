"""The ``shopdb`` command. Errors print as one readable line and exit non-zero."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Coroutine
from functools import wraps
from typing import Any, TypeVar

import click

from shopdb_gql import __version__
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


@click.group(help="shopdb-gql: shop-floor inventory served as a plugin-stitched GraphQL API.")
@click.version_option(__version__, prog_name="shopdb")
def main() -> None:
    pass


@main.command(help="Serve the API, GraphiQL and the UI.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=None, type=int, help="Worker processes [SHOPDB_WORKERS or 1].")
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
@friendly
def serve(host: str, port: int, workers: int | None, reload: bool) -> None:
    import uvicorn

    cfg = settings()
    cfg.validate_for_production()
    uvicorn.run("shopdb_gql.app:app_factory", factory=True, host=host, port=port,
                workers=None if reload else (workers or cfg.workers), reload=reload,
                proxy_headers=True, log_level=cfg.log_level.lower(),
                timeout_graceful_shutdown=20)


from shopdb_gql.commands import register  # noqa: E402  (subcommand groups)

register(main)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

