"""``shopdb search reindex``: rebuild the text search index (core/searchindex.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from shopdb_gql.commands._common import friendly, require_schema, run, settings, with_db

if TYPE_CHECKING:
    from shopdb_gql.core.searchindex import Rebuilt


@click.group(help="The text search index.")
def search() -> None:
    pass


async def _enabled_kinds(session: Any, records: dict[str, Any]) -> dict[str, Any]:
    from sqlalchemy import select

    from shopdb_gql.core.models import PluginState

    enabled = set(await session.scalars(select(PluginState.name).where(PluginState.enabled)))
    return {k.kind: k for r in records.values() if r.loaded and r.name in enabled
            for k in r.contributions.asset_kinds}


async def reindex_enabled(session: Any, records: dict[str, Any]) -> Rebuilt:
    """Rebuild the index for the searchable columns of the enabled plugins' kinds (what the
    served schema searches)."""
    from shopdb_gql.core import searchindex

    return await searchindex.reindex(session, await _enabled_kinds(session, records))


async def reindex_if_short(session: Any, records: dict[str, Any]) -> Rebuilt | None:
    """:func:`reindex_enabled` if the index lacks a column the enabled kinds search (after
    a plugin was enabled), else None."""
    from shopdb_gql.core import searchindex
    from shopdb_gql.core.settingstore import get_setting

    kinds = await _enabled_kinds(session, records)
    stored = await get_setting(session, searchindex.SIGNATURE_KEY)
    if searchindex.covers(stored, searchindex.spec_of(kinds)):
        return None
    return await searchindex.reindex(session, kinds)


@search.command(help="Rebuild the search index and its counts from every asset. Servers rebuild "
                     "it themselves at start and after a plugin is enabled; run it after "
                     "writing assets outside the server, or to rebuild now; safe to repeat.")
@friendly
def reindex() -> None:
    require_schema()
    from shopdb_gql.plugins.loader import load_plugins

    cfg = settings()
    records = load_plugins([cfg.bundled_plugins_dir, *cfg.plugin_paths], strict=cfg.strict_plugins)
    done = run(with_db(lambda session: reindex_enabled(session, records)))
    click.echo(f"search index rebuilt: {done.assets} asset(s), {done.postings} posting(s); "
               f"{done.unfolded} asset(s) with text it cannot fold (every search checks those)")
