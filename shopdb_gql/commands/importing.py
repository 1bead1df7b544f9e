"""``shopdb import legacy``: a classic shopdb's inventory into this site's database."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from shopdb_gql.commands._common import friendly, require_schema, run, settings


@click.group("import", help="Bring a site's inventory in from another system.")
def import_() -> None:
    pass


@contextmanager
def _bar(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar per table on a terminal; nothing when the output is a file or pipe."""
    if not sys.stdout.isatty() or total == 0:
        yield lambda _n: None
        return
    with click.progressbar(length=total, label=f"{label:<28}", show_pos=True) as bar:
        yield bar.update


@import_.command("legacy", help=(
    "Import a classic shopdb database: locations, assets, relationships and history, through "
    "the ingest engine and audit (one batch id per run). Runs again safely: each legacy row "
    "is remembered, so a second run updates only what changed. See docs/DATA-MIGRATION.md."))
@click.option("--source", "source_url", required=False, metavar="URL", help=(
    "The legacy database, read only: mysql+aiomysql://USER:PASSWORD@HOST/shopdb (or any "
    "SQLAlchemy URL, e.g. sqlite+aiosqlite:///copy.sqlite3)."))
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A mapping file (YAML) for a copy that differs from the classic shape.")
@click.option("--dry-run", is_flag=True, help="Write nothing; print the same report.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report as JSON to this file.")
@click.option("--show-mapping", is_flag=True,
              help="Print the default mapping file (a start for your own) and exit.")
@friendly
def legacy(source_url: str | None, mapping: Path | None, dry_run: bool,
           report_path: Path | None, show_mapping: bool) -> None:
    from shopdb_gql.migrate.legacy import LegacyImport
    from shopdb_gql.migrate.mapping import DEFAULT_MAPPING, load_mapping

    if show_mapping:
        click.echo(DEFAULT_MAPPING.read_text(encoding="utf-8"), nl=False)
        return
    if not source_url:
        raise click.UsageError("give --source URL (the legacy database to read)")
    loaded = load_mapping(mapping)
    require_schema()
    importer = LegacyImport(settings(), source_url, loaded, dry_run=dry_run, progress=_bar)
    report = run(importer.run())
    click.echo(report.summary())
    if report_path is not None:
        report_path.write_text(json.dumps(report.as_json(), indent=2, default=str) + "\n",
                               encoding="utf-8")
        click.echo(f"report: {report_path}")
