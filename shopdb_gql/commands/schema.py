"""``shopdb schema export``: the printed schema with every loaded plugin enabled."""

from __future__ import annotations

from pathlib import Path

import click

from shopdb_gql.commands._common import friendly, settings


def full_schema_sdl() -> str:
    from shopdb_gql.plugins.loader import load_plugins
    from shopdb_gql.plugins.registry import ActiveSet
    from shopdb_gql.runtime import Runtime

    cfg = settings()
    records = load_plugins([cfg.bundled_plugins_dir], strict=True)
    runtime = Runtime(cfg, records=records)
    active = ActiveSet(records=tuple(r for r in records.values() if r.loaded),
                       enabled_names=frozenset(records))
    return runtime.build(active).schema.as_str() + "\n"


@click.group(help="The GraphQL schema.")
def schema() -> None:
    pass


@schema.command(help="Print the schema with all bundled plugins enabled (SDL).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@friendly
def export(output: Path | None) -> None:
    sdl = full_schema_sdl()
    if output is None:
        click.echo(sdl, nl=False)
    else:
        output.write_text(sdl, encoding="utf-8")
        click.echo(f"schema written to {output}", err=True)
