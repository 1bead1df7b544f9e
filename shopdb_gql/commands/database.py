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
        from shopdb_gql.core.pluginstate import installed_plugin_names

        added = await seed_demo(session)
        if added:
            installed = await installed_plugin_names(session)
            for record in records.values():
                if record.plugin is not None and record.name in installed:
                    await record.plugin.seed_demo(session)
        return added

    added = run(with_db(work))
    click.echo(f"{added} demo asset(s) added" if added else "inventory not empty: demo skipped")
