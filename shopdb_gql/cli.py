"""The ``shopdb`` command. Errors print as one readable line and exit non-zero."""

from __future__ import annotations

import sys

import click

from shopdb_gql import __version__
from shopdb_gql.commands import register
from shopdb_gql.commands._common import friendly, settings


class _Main(click.Group):
    """The root group. Plugins' own commands are mounted on first need, not on import:
    uvicorn's worker processes re-import this module, and loading every plugin there would
    run before logging is set up (plain-text errors on stderr) and slow each worker's start.
    """

    _plugins_mounted = False

    def _mount_plugins(self) -> None:
        if not self._plugins_mounted:
            self._plugins_mounted = True
            from shopdb_gql.commands.pluginadmin import add_plugin_commands

            add_plugin_commands(self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._mount_plugins()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            self._mount_plugins()
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Main,
             help="shopdb-gql: shop-floor inventory served as a plugin-stitched GraphQL API.")
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
    from shopdb_gql.observability.logging import logging_config

    uvicorn.run("shopdb_gql.app:app_factory", factory=True, host=host, port=port,
                log_config=logging_config(cfg.log_level, cfg.log_json),
                workers=None if reload else (workers or cfg.workers), reload=reload,
                # Forwarded headers are the app's business (SHOPDB_TRUSTED_PROXIES): uvicorn's
                # own trust (FORWARDED_ALLOW_IPS, * in older setups) would let them be forged.
                proxy_headers=False, log_level=cfg.log_level.lower(),
                timeout_graceful_shutdown=20, timeout_worker_healthcheck=60)


register(main)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

