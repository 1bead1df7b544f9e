"""Map position resolution (ADR-001): own position > related asset (inheritsposition) > location."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from shopdb_gql.core import models
from shopdb_gql.core.types import MapPosition, PositionSource

if TYPE_CHECKING:
    from shopdb_gql.core.loaders import Loaders


async def _location_point(loaders: Loaders, location_id: int | None) -> models.Location | None:
    if location_id is None:
        return None
    location = await loaders.location_by_id.load(location_id)
    if location is None or location.mapx is None or location.mapy is None:
        return None
    return location


async def resolve_position(loaders: Loaders, row: models.Asset) -> MapPosition | None:
    """Resolve one asset's position. Uses only batched loaders, so a page stays O(1) queries.

    The related-asset rule follows the first (lowest id) outgoing relationship with
    ``inheritsposition``; it takes that asset's own coordinates, else its location's.
    It goes one hop only, so cycles cannot occur.
    """
    if row.mapx is not None and row.mapy is not None:
        return MapPosition(x=row.mapx, y=row.mapy, source=PositionSource.ASSET)
    relationships = await loaders.relationships_by_asset_id.load(row.id)
    for rel in relationships:
        if rel.sourceid != row.id or not rel.inheritsposition:
            continue
        target = await loaders.asset_row_by_id.load(rel.targetid)
        if target is None:
            continue
        via = strawberry.ID(str(target.id))
        if target.mapx is not None and target.mapy is not None:
            return MapPosition(x=target.mapx, y=target.mapy, source=PositionSource.RELATED_ASSET,
                               from_asset_id=via)
        location = await _location_point(loaders, target.locationid)
        if location is not None:
            assert location.mapx is not None and location.mapy is not None
            return MapPosition(x=location.mapx, y=location.mapy,
                               source=PositionSource.RELATED_ASSET, from_asset_id=via,
                               from_location_id=strawberry.ID(str(location.id)))
    location = await _location_point(loaders, row.locationid)
    if location is not None:
        assert location.mapx is not None and location.mapy is not None
        return MapPosition(x=location.mapx, y=location.mapy, source=PositionSource.LOCATION,
                           from_location_id=strawberry.ID(str(location.id)))
    return None
