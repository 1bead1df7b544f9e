"""``shopdb plugin ...``: list, enable, disable, install, uninstall (scaffold: ``new``;
migrations from the models: ``migration``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from sqlalchemy import func, select

from shopdb_gql.auth.actor import SYSTEM
from shopdb_gql.commands._common import friendly, require_schema, run, settings, with_db
from shopdb_gql.core import assetcounts, audit
from shopdb_gql.core.models import Asset, PluginState
from shopdb_gql.db import migrations
from shopdb_gql.plugins.errors import PluginContractError
from shopdb_gql.plugins.install import mark_installed, migrate_plugins
from shopdb_gql.plugins.loader import PluginRecord
from shopdb_gql.plugins.spec import PluginContext


def _runtime() -> Any:
    from shopdb_gql.runtime import Runtime

    return Runtime(settings())


@click.group(help="Plugins: list, enable, disable, install, uninstall, scaffold, migrations.")
def plugin() -> None:
    pass


@plugin.command("list", help="Every plugin found, with version, state and load error.")
@friendly
def plugin_list() -> None:
    require_schema()
    runtime = _runtime()

    async def work() -> tuple[list[Any], set[str]]:
        try:
            from shopdb_gql.core.pluginstate import installed_plugin_names

            async with runtime.db.session() as session:
                installed = await installed_plugin_names(session)
            return list(runtime.describe_plugins(await runtime.enabled_names())), installed
        finally:
            await runtime.db.dispose()

    plugins, installed = run(work())
    for p in plugins:
        state = p.status.value.lower()
        if state == "disabled" and p.name not in installed:
            state = "not installed"
        line = f"{p.name:<16} {p.version or '?':<8} {state:<13} {p.description or ''}"
        click.echo(line + (f"\n  error: {p.error}" if p.error else ""))


def _toggle(name: str, enabled: bool) -> None:
    from shopdb_gql.commands.search import reindex_if_short

    runtime = _runtime()

    async def work() -> Any:
        try:
            await runtime.set_enabled(name, enabled, SYSTEM, "cli")
            if not enabled:  # the index still covers every column searched
                return None
            async with runtime.db.transaction() as session:
                return await reindex_if_short(session, runtime.records)
        finally:
            await runtime.db.dispose()

    rebuilt = run(work())
    click.echo(f"plugin {name} {'enabled' if enabled else 'disabled'}; "
               "running servers pick it up within seconds")
    if rebuilt is not None:
        click.echo(f"search index rebuilt for its searchable fields: {rebuilt.assets} asset(s)")


@plugin.command("enable", help="Enable an installed plugin (servers swap schema live).")
@click.argument("name")
@friendly
def plugin_enable(name: str) -> None:
    require_schema()
    _toggle(name, True)


@plugin.command("disable", help="Disable a plugin; its data stays (assets show as GenericAsset).")
@click.argument("name")
@friendly
def plugin_disable(name: str) -> None:
    require_schema()
    _toggle(name, False)


@plugin.command("install", help="Run a plugin's migrations and on_install, then enable it.")
@click.argument("names", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Install every plugin found.")
@friendly
def plugin_install(names: tuple[str, ...], all_: bool) -> None:
    require_schema()
    runtime = _runtime()
    chosen = list(runtime.records) if all_ else list(names)
    if not chosen:
        raise click.UsageError("name a plugin, or pass --all")
    for name in chosen:
        record = runtime.record(name)
        if not record.loaded:
            raise PluginContractError(name, f"cannot be installed, it failed to load: {record.error}")
        migrate_plugins(runtime.settings, [name])

        async def work(session: Any, record: PluginRecord = record) -> bool:
            return await mark_installed(session, record, enable=False)

        fresh = run(with_db(work))
        click.echo(f"plugin {name} {'installed' if fresh else 'already installed'}")
        if fresh:
            _toggle(name, True)
    run(runtime.db.dispose())


@plugin.command("uninstall", help="Downgrade a plugin's migrations (refused while it has data).")
@click.argument("name")
@click.option("--drop-data", is_flag=True, help="Delete the plugin's data too.")
@friendly
def plugin_uninstall(name: str, drop_data: bool) -> None:
    require_schema()
    runtime = _runtime()
    record = runtime.record(name)
    kinds = [k.kind for k in record.contributions.asset_kinds]

    async def check(session: Any) -> int:
        if not kinds:
            return 0
        return int(await session.scalar(select(func.count()).where(Asset.kind.in_(kinds))) or 0)

    count = run(with_db(check))
    if count and not drop_data:
        raise click.ClickException(
            f"plugin {name} has {count} asset(s); pass --drop-data to delete them with it")
    _toggle_off_quietly(runtime, name)

    async def work(session: Any) -> None:
        if record.plugin is not None:
            await record.plugin.on_uninstall(PluginContext(session, name))
        if kinds:
            from sqlalchemy import delete

            await session.execute(delete(Asset).where(Asset.kind.in_(kinds)))
            await assetcounts.forget(session, kinds)
        state = await session.get(PluginState, name)
        if state is not None:
            state.installed = state.enabled = False
        await audit.record(session, SYSTEM, action="uninstall", object_type="plugin",
                           object_id=name, source="cli", summary=name,
                           changes={"assetsdeleted": {"old": count, "new": 0}} if count else None)

    cfg = migrations.alembic_config(runtime.settings.database_url, migrations.plugin_dirs(runtime.settings))
    run(with_db(work))
    if migrations.has_branch(migrations.ScriptDirectory.from_config(cfg), name):
        migrations.downgrade(cfg, f"{name}@base")
    run(runtime.db.dispose())
    click.echo(f"plugin {name} uninstalled")


@plugin.command("new", help="Write a working plugin folder to start from (scaffold).")
@click.argument("name")
@click.option("--path", "path", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to create it in [first SHOPDB_PLUGIN_PATHS folder, else ./plugins].")
@click.option("--type-name", default=None,
              help="GraphQL type name, e.g. MeasuringTool [NAME singular, capitalized].")
@friendly
def plugin_new(name: str, path: Path | None, type_name: str | None) -> None:
    from shopdb_gql.plugins.loader import discover
    from shopdb_gql.plugins.scaffold import create_plugin

    cfg = settings()
    target = path or (cfg.plugin_paths[0] if cfg.plugin_paths else Path("plugins"))
    taken = discover([cfg.bundled_plugins_dir, *cfg.plugin_paths, target])
    files = create_plugin(name, target, type_name=type_name, taken=taken)
    folder = target / name
    click.echo(f"plugin {name} written to {folder} ({len(files)} files). Next:")
    if target.resolve() not in {p.resolve() for p in [cfg.bundled_plugins_dir, *cfg.plugin_paths]}:
        click.echo(f"  export SHOPDB_PLUGIN_PATHS={target.resolve()}")
    click.echo(f"  shopdb plugin install {name}\n  shopdb serve")


@plugin.command("migration", help="Write plugin NAME's next migration from its models "
                                    "(Alembic autogenerate, the plugin's own tables only).")
@click.argument("name")
@click.option("-m", "--message", required=True, help="What the migration does, e.g. 'add serial'.")
@click.option("--database", "database_url", default=None, metavar="URL",
              help="Compare with this database (at its latest migrations, NAME installed) "
                   "[default: a temporary SQLite database built from every migration].")
@friendly
def plugin_migration(name: str, message: str, database_url: str | None) -> None:
    from contextlib import ExitStack

    from alembic.util import CommandError

    from shopdb_gql.commands._common import describe_database
    from shopdb_gql.plugins.loader import load_plugins

    cfg = settings()
    records = load_plugins([cfg.bundled_plugins_dir, *cfg.plugin_paths], strict=False)
    record = records.get(name)
    if record is None:
        raise click.ClickException(
            f"no plugin {name} in {cfg.bundled_plugins_dir} or SHOPDB_PLUGIN_PATHS")
    if not record.loaded:
        raise PluginContractError(name, f"failed to load: {record.error}")
    tables = {model.__table__.name for model in record.contributions.models}
    if not tables:
        raise click.ClickException(f"plugin {name} declares no models(): no tables to migrate")
    found = migrations.plugin_migration_dirs([record.path])
    version_path = found[0] if found else record.path / "migrations" / "versions"
    version_path.mkdir(parents=True, exist_ok=True)
    dirs = [d for d in migrations.plugin_dirs(cfg) if d.resolve() != record.path.resolve()]
    with ExitStack() as stack:
        if database_url is None:
            # A database built from every migration there is: what the plugin's migrations
            # produce, whatever state the author's own database is in.
            url = stack.enter_context(migrations.temporary_sqlite())
            alembic_cfg = migrations.alembic_config(url, [*dirs, record.path])
            script = migrations.ScriptDirectory.from_config(alembic_cfg)
            migrations.upgrade(alembic_cfg)
            for other in dirs:
                if migrations.has_branch(script, other.name):
                    migrations.upgrade(alembic_cfg, f"{other.name}@head")
            before = migrations.table_names(url)
            migrations.upgrade(alembic_cfg, "heads")
            # Tables the plugin's own migrations made: one dropped from models() is dropped.
            tables |= migrations.table_names(url) - before
            where = "a temporary SQLite database built from every migration"
        else:
            url, where = database_url, describe_database(database_url)
            if not migrations.current_heads_sync(url):
                raise click.ClickException(f"{where} has no tables: run `shopdb db upgrade`")

            async def installed() -> set[str]:
                from shopdb_gql.db.engine import Database

                database = Database(url)
                try:
                    return await migrations.installed_plugins(database)
                finally:
                    await database.dispose()

            names = run(installed())
            if name not in names and found:
                raise click.ClickException(
                    f"plugin {name} is not installed in {where}: install it, or leave out "
                    "--database to compare with a temporary database")
            alembic_cfg = migrations.alembic_config(
                url, [*(d for d in dirs if d.name in names), record.path])
        try:
            path = migrations.autogenerate_revision(alembic_cfg, name, message, version_path,
                                                    tables)
        except CommandError as exc:
            if "not up to date" not in str(exc):
                raise
            raise click.ClickException(
                f"{where} is not at its latest migrations: run `shopdb db upgrade` first "
                "(or leave out --database)") from exc
    if path is None:
        click.echo(f"no changes: the {name} tables ({', '.join(sorted(tables))}) match its "
                   f"migrations in {where}; nothing written")
        return
    click.echo(f"wrote {path}\nReview it, then run `shopdb db upgrade` and `shopdb db check`.")


def _toggle_off_quietly(runtime: Any, name: str) -> None:
    async def work() -> None:
        await runtime.set_enabled(name, False, SYSTEM, "cli")

    run(work())


def add_plugin_commands(main: click.Group) -> None:
    """Mount each loadable plugin's CLI commands under ``shopdb <plugin> ...``."""
    from shopdb_gql.plugins.loader import load_plugins

    cfg = settings()
    try:
        records = load_plugins([cfg.bundled_plugins_dir, *cfg.plugin_paths], strict=False)
    except Exception:  # the CLI must work even when a plugin is broken
        return
    for record in records.values():
        if record.loaded and record.contributions.cli_commands:
            group = click.Group(record.name, help=f"Commands of the {record.name} plugin.")
            for command in record.contributions.cli_commands:
                group.add_command(command)
            main.add_command(group)
