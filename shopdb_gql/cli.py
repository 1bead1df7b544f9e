"""The ``shopdb`` command. Errors print as one readable line and exit non-zero."""

from __future__ import annotations

import sys

import click

from shopdb_gql import __version__
from shopdb_gql.commands import COMMANDS, load
from shopdb_gql.commands._common import friendly, settings


class _Main(click.Group):
    """The root group. Subcommands load on first use (shopdb_gql.commands.COMMANDS), so
    ``shopdb --help`` answers at once; plugins' own commands are mounted only when a name
    is not a core command (loading every plugin is slow, and uvicorn's workers re-import
    this module before logging is set up).
    """

    _plugins_mounted = False

    def _mount_plugins(self) -> None:
        if not self._plugins_mounted:
            self._plugins_mounted = True
            from shopdb_gql.commands.pluginadmin import add_plugin_commands

            add_plugin_commands(self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name in COMMANDS:
            return load(cmd_name)
        self._mount_plugins()
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in sorted(COMMANDS)]
        rows += [(name, (command.get_short_help_str(60))) for name, command
                 in sorted(self.commands.items())]
        rows.append(("<plugin>", "A plugin's own commands (see `shopdb plugin list`)."))
        with formatter.section("Commands"):
            formatter.write_dl(sorted(rows))


def _refuse_an_empty_database(url: str) -> None:
    """A reachable database without tables is a wrong URL or a missing `db upgrade`: say so
    and stop. An unreachable one may come up later (container start order): serve anyway."""
    from shopdb_gql.commands._common import describe_database, require_schema
    from shopdb_gql.db.migrations import current_heads_sync

    try:
        current_heads_sync(url)
    except Exception as exc:  # not reachable now: /readyz says so until it is
        click.echo(f"warning: the database {describe_database(url)} does not answer yet "
                   f"({type(exc).__name__}); serving, /readyz reports it", err=True)
        return
    require_schema()


@click.group(cls=_Main,
             help="shopdb-gql: shop-floor inventory served as a plugin-stitched GraphQL API.")
@click.version_option(__version__, prog_name="shopdb")
def main() -> None:
    pass


@main.command(help="Serve the API, GraphiQL and the UI.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Worker processes [SHOPDB_WORKERS or 1].")
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
@friendly
def serve(host: str, port: int, workers: int | None, reload: bool) -> None:
    import uvicorn

    cfg = settings()
    cfg.validate_for_production()
    _refuse_an_empty_database(cfg.database_url)
    from shopdb_gql.observability.logging import logging_config

    uvicorn.run("shopdb_gql.app:app_factory", factory=True, host=host, port=port,
                log_config=logging_config(cfg.log_level, cfg.log_json),
                workers=None if reload else (workers or cfg.workers), reload=reload,
                # Forwarded headers are the app's business (SHOPDB_TRUSTED_PROXIES): uvicorn's
                # own trust (FORWARDED_ALLOW_IPS, * in older setups) would let them be forged.
                proxy_headers=False, log_level=cfg.log_level.lower(),
                # Idle connections stay open longer than clients' and proxies' own idle
                # timeouts (httpx 5 s, nginx 60 s): a server closing first races the client's
                # next request on that connection, which then fails with a reset.
                timeout_keep_alive=75,
                timeout_graceful_shutdown=20, timeout_worker_healthcheck=60)



if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

