"""Assets for root fields, core's and plugins' alike: rows in, their kinds' GraphQL objects out.

Every list of assets goes through here so each gets the same treatment: the page read as
plain rows, not ORM instances (db/rows.py: nothing a read-only answer does not read is
built), one query per kind for the extension rows (none when the selection reads only the
Asset interface's fields), the objects primed in the request's loaders (a later
``asset(id)`` or relationship target costs nothing), and the rows the selected nested
fields read (status, location, position, relationships) loaded in one batch per table, so
those fields answer without a per-node await.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import strawberry
from sqlalchemy import Select, select
from strawberry.types import Info

from shopdb_gql.core import models
from shopdb_gql.core.assets import materialize, without_extensions
from shopdb_gql.core.models import AssetRecord
from shopdb_gql.core.types import ASSET_INTERFACE_FIELDS
from shopdb_gql.db.rows import as_rows, fetch_rows
from shopdb_gql.graphql.connection import (
    Connection,
    Page,
    fetch_page,
    make_connection,
    selected_item_fields,
    selects_total,
)
from shopdb_gql.graphql.context import Context
from shopdb_gql.graphql.errors import as_id
from shopdb_gql.graphql.loading import prime_values

T = TypeVar("T")


async def assets_for(info: Info[Context, Any], rows: Sequence[AssetRecord], *,
                     connection: bool = False) -> list[Any]:
    """The GraphQL objects of ``rows``' kinds, in order, ready for the fields selected on the
    list the current field returns (on its ``nodes``/``edges`` if it returns a
    ``connection``). ``rows`` are ORM ``Asset`` instances or plain rows of their columns."""
    ctx = info.context
    fields = selected_item_fields(info, connection=connection)
    if fields <= ASSET_INTERFACE_FIELDS:
        # Only what every kind has is read: the kinds' own rows are not loaded, and the
        # objects, which lack them, are not shared with the request's other fields.
        items = without_extensions(rows, ctx.active.kinds)
    else:
        items = await materialize(ctx.session, rows, ctx.active.kinds)
        prime_values(ctx.loaders.asset_by_id,
                     {row.id: item for row, item in zip(rows, items, strict=True)})
    prime_values(ctx.loaders.asset_row_by_id, {row.id: row for row in rows})
    await ctx.loaders.warm(rows, fields)
    return items


async def assets_of(info: Info[Context, Any], query: Select[Any]) -> list[Any]:
    """The assets ``query`` (a select of asset rows, filtered, ordered and limited) finds, read
    as plain rows, as their kinds' objects: :func:`assets_for` without building ORM rows."""
    rows = await fetch_rows(info.context.session, models.Asset, as_rows(query, models.Asset))
    return await assets_for(info, rows)


async def asset_page(info: Info[Context, Any], query: Select[Any], first: int | None,
                     after: str | None, *, counted: Select[Any] | None = None) -> Connection[Any]:
    """One page of ``query`` (a select of asset rows, filtered and ordered) with its total:
    ``counted``'s where the caller knows ``query`` finds every asset, or every asset of some
    kinds (``assetcounts.total``: the counts the writes keep), else counted row by row."""
    page = Page.parse(first, after, cap=info.context.settings.max_page_size)
    rows, total = await fetch_page(info.context.session, query, page, count=selects_total(info),
                                   rows_of=models.Asset, counted=counted)
    return make_connection(await assets_for(info, rows, connection=True), page, total)


async def asset_of_type(info: Info[Context, Any], id: strawberry.ID,
                        graphql_type: type[T]) -> T | None:
    """The asset ``id`` if it is a ``graphql_type`` (its kind enabled), else None."""
    key = as_id(id)
    if key is None:
        return None
    asset = await info.context.loaders.asset_by_id.load(key)
    return asset if isinstance(asset, graphql_type) else None


async def related_target(info: Info[Context, Any], asset_id: int, rel_type: str) -> Any:
    """The asset that ``asset_id`` links to with a ``rel_type`` relationship (the oldest such
    link), as its kind's GraphQL object, or None. Batched: one query per type and request."""
    loaders = info.context.loaders

    async def targets(ids: list[int]) -> list[int | None]:
        rel = models.AssetRelationship
        rows = await loaders.session.execute(
            select(rel.sourceid, rel.targetid)
            .where(rel.type == rel_type, rel.sourceid.in_(ids)).order_by(rel.id))
        found: dict[int, int] = {}
        for source, target in rows:
            found.setdefault(source, target)
        return [found.get(i) for i in ids]

    target = await loaders.loader(f"core.related_target:{rel_type}", targets).load(asset_id)
    return None if target is None else await loaders.asset_by_id.load(target)
