"""``shopdb db ...`` and ``shopdb seed ...``."""

from __future__ import annotations

from typing import Any

import click

from shopdb_gql.commands._common import (
    describe_database,
    friendly,
    require_schema,
    run,
    settings,
    with_db,
)
from shopdb_gql.db import migrations


def plugin_dirs() -> list[Any]:
    return migrations.plugin_dirs(settings())


@click.group(help="Database migrations.")
def db() -> None:
    pass


@db.command(help="Upgrade core and every installed plugin to their latest migrations.")
@friendly
def upgrade() -> None:
    cfg_settings = settings()
    cfg = migrations.alembic_config(cfg_settings.database_url, plugin_dirs())
    before = migrations.current_heads_sync(cfg_settings.database_url)
    migrations.upgrade(cfg)
    from shopdb_gql.db.engine import Database

    async def installed() -> set[str]:
        database = Database(cfg_settings.database_url)
        try:
            return await migrations.installed_plugins(database)
        finally:
            await database.dispose()

    for name in sorted(run(installed())):
        if migrations.has_branch(migrations.ScriptDirectory.from_config(cfg), name):
            migrations.upgrade(cfg, f"{name}@head")
    after = migrations.current_heads_sync(cfg_settings.database_url)
    where = describe_database(cfg_settings.database_url)
    if not before:
        click.echo(f"created the schema in {where}: {', '.join(sorted(after))}")
    elif before == after:
        click.echo(f"database is up to date ({', '.join(sorted(after))})")
    else:
        click.echo(f"upgraded {where}: {', '.join(sorted(before))} -> {', '.join(sorted(after))}")


@db.command(help="Downgrade core (and with it every plugin branch) to TARGET, e.g. base.")
@click.argument("target", default="base")
@friendly
def downgrade(target: str) -> None:
    cfg = migrations.alembic_config(settings().database_url, plugin_dirs())
    migrations.downgrade(cfg, target)
    click.echo(f"downgraded to {target}")


@db.command(help="Count the assets of each kind afresh for lists' totals and the dashboard. "
                 "The app keeps these counts with every write it makes; run this after writing "
                 "the assets table outside the app (servers also recount when they start).")
@friendly
def recount() -> None:
    require_schema()
    from shopdb_gql.core import assetcounts

    async def work(session: Any) -> list[tuple[str, int]]:
        if not await assetcounts.recount(session):
            raise click.ClickException("another process changed the counts meanwhile: run again")
        return await assetcounts.by_kind(session)

    counts = run(with_db(work))
    for kind, n in counts:
        click.echo(f"{kind}: {n}")
    click.echo(f"{sum(n for _, n in counts)} asset(s) in all")


@db.command(help="Show the applied revision(s).")
@friendly
def current() -> None:
    heads = migrations.current_heads_sync(settings().database_url)
    click.echo(", ".join(sorted(heads)) if heads else "empty (run `shopdb db upgrade`)")


@click.group(help="Load reference or demo data.")
def seed() -> None:
    pass


@seed.command("reference-data", help="Asset statuses (idempotent).")
@friendly
def reference_data() -> None:
    require_schema()
    from shopdb_gql.core.seed import seed_reference_data

    added = run(with_db(seed_reference_data))
    click.echo(f"{added} asset status(es) added")


@seed.command(help="A believable demo site with about 200 assets (only into an empty inventory).")
@friendly
def demo() -> None:
    require_schema()
    import shopdb_gql.ingest.generate  # noqa: F401  (registers with core.locks: plugins' refresh_identities)
    from shopdb_gql.core.seed import seed_demo
    from shopdb_gql.plugins.loader import load_plugins

    cfg = settings()
    records = load_plugins([cfg.bundled_plugins_dir, *cfg.plugin_paths], strict=cfg.strict_plugins)

    async def work(session: Any) -> int:
        from shopdb_gql.commands.search import reindex_enabled
        from shopdb_gql.core.pluginstate import installed_plugin_names

        added = await seed_demo(session)
        if added:
            installed = await installed_plugin_names(session)
            for record in records.values():
                if record.plugin is not None and record.name in installed:
                    await record.plugin.seed_demo(session)
            await reindex_enabled(session, records)  # searches use the index from the start
        return added

    added = run(with_db(work))
    click.echo(f"{added} demo asset(s) added" if added else "inventory not empty: demo skipped")


def _tables_by_plugin(records: dict[str, Any]) -> dict[str, set[str]]:
    """The tables each loaded plugin's ``models()`` declare."""
    return {name: {model.__table__.name for model in record.contributions.models}
            for name, record in records.items() if record.loaded}


@db.command(help="Fail, listing each difference, when the models (core and every installed "
                 "plugin) and the migrated database disagree.")
@click.option("--database", "database_url", default=None, metavar="URL",
              help="The database to check [SHOPDB_DATABASE_URL].")
@click.option("--fresh", is_flag=True,
              help="Build the database from scratch first, running core's and every plugin's "
                   "migrations, and check core and every plugin found: in a temporary SQLite "
                   "database, or in the empty database --database names. What CI wants.")
@friendly
def check(database_url: str | None, fresh: bool) -> None:
    from contextlib import ExitStack

    from shopdb_gql.core import models  # noqa: F401  (registers core tables)
    from shopdb_gql.db.base import metadata
    from shopdb_gql.db.engine import Database
    from shopdb_gql.plugins.loader import load_plugins

    cfg_settings = settings()
    records = load_plugins([cfg_settings.bundled_plugins_dir, *cfg_settings.plugin_paths],
                           strict=False)
    owned = _tables_by_plugin(records)
    core_tables = set(metadata.tables) - set().union(*owned.values())
    problems: list[str] = []
    with ExitStack() as stack:
        url = database_url or (stack.enter_context(migrations.temporary_sqlite()) if fresh
                               else cfg_settings.database_url)
        where = describe_database(url) if database_url or not fresh else \
            "a temporary SQLite database built from the migrations"
        if fresh:
            if migrations.current_heads_sync(url):
                raise click.ClickException(f"--fresh needs an empty database; {where} has tables")
            cfg = migrations.alembic_config(url, plugin_dirs())
            migrations.upgrade(cfg)
            script = migrations.ScriptDirectory.from_config(cfg)
            for name in sorted(owned):
                if migrations.has_branch(script, name):
                    migrations.upgrade(cfg, f"{name}@head")
            checked_plugins = set(owned)
            broken = {name for name, record in records.items() if not record.loaded}
        else:
            if not migrations.current_heads_sync(url):
                raise click.ClickException(
                    f"the database {where} has no tables: run `shopdb db upgrade` first, or "
                    "check a temporary database built from the migrations with --fresh")

            async def state() -> tuple[set[str], set[str]]:
                database = Database(url)
                try:
                    return (await migrations.installed_plugins(database),
                            await migrations.pending_heads(database, cfg_settings))
                finally:
                    await database.dispose()

            installed, pending = run(state())
            problems += [f"migration {rev} is not applied (run `shopdb db upgrade`)"
                         for rev in sorted(pending)]
            checked_plugins = installed & set(owned)
            broken = {name for name in installed if name not in owned}
        problems += [f"plugin {name} did not load, so its tables are not checked: "
                     f"{records[name].error if name in records else 'its folder is missing'}"
                     for name in sorted(broken)]
        checked = core_tables.union(*(owned[name] for name in checked_plugins))
        ignored = set().union(*(tables for name, tables in owned.items()
                                if name not in checked_plugins))
        problems += migrations.compare_database(url, checked, ignored)
    scope = ", ".join(["core", *sorted(checked_plugins)])
    if not problems:
        click.echo(f"the models and {where} agree ({scope}: {len(checked)} tables)")
        return
    click.echo(f"{len(problems)} difference(s) between the models ({scope}) and {where}:")
    for problem in problems:
        click.echo(f"  - {problem}")
    click.echo("Write a migration for each (`shopdb plugin migration NAME -m ...` for a "
               "plugin's tables), then `shopdb db upgrade`.")
    raise click.exceptions.Exit(1)
