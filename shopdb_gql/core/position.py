"""Map position resolution (ADR-001): own position > related asset (inheritsposition) > location."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from shopdb_gql.core import models
from shopdb_gql.graphql.loading import NotLoaded, converted_now, load_now, peek
from shopdb_gql.graphql.scalars import graphql_id

if TYPE_CHECKING:
    from shopdb_gql.core.loaders import Loaders


@strawberry.enum(description="Which rule of the position chain produced a map position.")
class PositionSource(Enum):
    ASSET = "ASSET"
    RELATED_ASSET = "RELATED_ASSET"
    LOCATION = "LOCATION"


@strawberry.type(description="A point on the site map, and the rule that produced it (ADR-001).")
class MapPosition:
    x: float = strawberry.field(description="Horizontal map coordinate.")
    y: float = strawberry.field(description="Vertical map coordinate.")
    source: PositionSource = strawberry.field(description="Which rule gave this position.")
    from_asset_id: strawberry.ID | None = strawberry.field(
        default=None, description="For RELATED_ASSET: the asset whose position is inherited."
    )
    from_location_id: strawberry.ID | None = strawberry.field(
        default=None, description="For LOCATION (direct or via the related asset): the location."
    )


def _inherited(loaders: Loaders, row: models.AssetRecord) -> list[int]:
    """Targets of ``row``'s outgoing inheritsposition links, lowest link id first."""
    return [rel.targetid for rel in peek(loaders.relationships_by_asset_id, row.id)
            if rel.sourceid == row.id and rel.inheritsposition]


async def warm_positions(loaders: Loaders, rows: Sequence[models.AssetRecord]) -> None:
    """Load everything the position chain of ``rows`` reads, in one batch per step."""
    unplaced = [r for r in rows if r.mapx is None or r.mapy is None]
    if not unplaced:
        return
    await load_now(loaders.relationships_by_asset_id, [r.id for r in unplaced])
    targets = await load_now(loaders.asset_row_by_id,
                             sorted({t for r in unplaced for t in _inherited(loaders, r)}))
    await load_now(loaders.location_by_id, sorted(
        {a.locationid for a in (*unplaced, *targets) if a is not None and a.locationid is not None}))


def _placed(location: models.Location | None) -> models.Location | None:
    """``location`` if it has map coordinates."""
    if location is None or location.mapx is None or location.mapy is None:
        return None
    return location


def _location_point(loaders: Loaders, location_id: int | None) -> models.Location | None:
    return None if location_id is None else _placed(peek(loaders.location_by_id, location_id))


def _at_location(location: models.Location | None) -> MapPosition | None:
    """The LOCATION rule's answer for an asset in ``location``."""
    placed = _placed(location)
    if placed is None:
        return None
    assert placed.mapx is not None and placed.mapy is not None
    return MapPosition(x=placed.mapx, y=placed.mapy, source=PositionSource.LOCATION,
                       from_location_id=graphql_id(placed.id))


def position_of(loaders: Loaders, row: models.AssetRecord) -> MapPosition | None:
    """Resolve one asset's position from loaded rows; raises NotLoaded if one is missing.

    The related-asset rule follows the first (lowest id) outgoing relationship with
    ``inheritsposition``; it takes that asset's own coordinates, else its location's.
    It goes one hop only, so cycles cannot occur.
    """
    if row.mapx is not None and row.mapy is not None:
        return MapPosition(x=row.mapx, y=row.mapy, source=PositionSource.ASSET)
    for target_id in _inherited(loaders, row):
        target = peek(loaders.asset_row_by_id, target_id)
        if target is None:
            continue
        via = graphql_id(target.id)
        if target.mapx is not None and target.mapy is not None:
            return MapPosition(x=target.mapx, y=target.mapy, source=PositionSource.RELATED_ASSET,
                               from_asset_id=via)
        location = _location_point(loaders, target.locationid)
        if location is not None:
            assert location.mapx is not None and location.mapy is not None
            return MapPosition(x=location.mapx, y=location.mapy,
                               source=PositionSource.RELATED_ASSET, from_asset_id=via,
                               from_location_id=graphql_id(location.id))
    if row.locationid is None:
        return None
    # One answer per location and request: a page's assets mostly stand in a few locations.
    return converted_now(loaders.location_by_id, row.locationid, _at_location)


def resolve_position(loaders: Loaders, row: models.AssetRecord
                     ) -> MapPosition | Awaitable[MapPosition | None] | None:
    """The position now if its rows are loaded, else an awaitable that loads them (batched)."""
    try:
        return position_of(loaders, row)
    except NotLoaded:
        return _load_then_resolve(loaders, row)


async def _load_then_resolve(loaders: Loaders, row: models.AssetRecord) -> MapPosition | None:
    await warm_positions(loaders, [row])
    return position_of(loaders, row)
