"""One search box over assets (core and plugin searchable fields) and locations."""

from __future__ import annotations

import strawberry
from sqlalchemy import or_

from shopdb_gql.core import models, searchindex
from shopdb_gql.core.assets import materialize
from shopdb_gql.core.filters import checked_text, like_pattern, text_condition
from shopdb_gql.core.types import Asset, Location
from shopdb_gql.db.rows import fetch_rows, select_rows
from shopdb_gql.graphql.context import Context  # resolved at runtime by Strawberry


@strawberry.type(description="One search result: an asset or a location.")
class SearchHit:
    object_type: str = strawberry.field(description="asset or location.")
    id: strawberry.ID = strawberry.field(description="Identifier of the object found.")
    title: str = strawberry.field(description="What to show as the result's title.")
    subtitle: str | None = strawberry.field(description="A second line (tag, kind, type).")
    asset: Asset | None = strawberry.field(description="The asset, for asset hits.")
    location: Location | None = strawberry.field(description="The location, for location hits.")


async def search_everything(ctx: Context, text: str, first: int) -> list[SearchHit]:
    if not text.strip() or first == 0:
        return []
    kinds = ctx.active.kinds
    asset = models.Asset
    exact = (asset.assettag == text.strip()).desc()
    candidates = await searchindex.narrowing(ctx.session, checked_text(text), kinds)
    rows = await fetch_rows(ctx.session, asset, select_rows(asset).where(
        text_condition(text, kinds, candidates)).order_by(exact, asset.name).limit(first))
    hits = [SearchHit(object_type="asset", id=a.id, title=a.name,
                      subtitle=f"{a.asset_tag} · {kinds[a.kind].label if a.kind in kinds else a.kind}",
                      asset=a, location=None)
            for a in await materialize(ctx.session, rows, kinds)]
    remaining = first - len(hits)
    if remaining > 0:
        loc = models.Location
        pattern = like_pattern(text)
        locations = await fetch_rows(ctx.session, loc, select_rows(loc).where(
            or_(loc.name.ilike(pattern, escape="\\"), loc.description.ilike(pattern, escape="\\")))
            .order_by(loc.name).limit(remaining))
        hits += [SearchHit(object_type="location", id=strawberry.ID(str(r.id)), title=r.name,
                           subtitle=f"Location · {r.kind}", asset=None,
                           location=Location.from_row(r))
                 for r in locations]
    return hits


