"""Per-request DataLoaders, named ``<Target>By<Key>Loader`` in spirit: one query per batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from strawberry.dataloader import DataLoader

from shopdb_gql.core import models
from shopdb_gql.core.assets import materialize
from shopdb_gql.core.position import warm_positions
from shopdb_gql.core.types import Asset
from shopdb_gql.db.rows import IDS, fetch_rows, rows_by_id, select_rows
from shopdb_gql.graphql.loading import load_now, value_loader

if TYPE_CHECKING:
    from shopdb_gql.core.kinds import AssetKind


_REL = models.AssetRelationship
#: Relationships from or to any asset of the ``ids`` parameter, built once (db/rows.py).
_RELATIONSHIPS = select_rows(_REL).where(or_(_REL.sourceid.in_(IDS), _REL.targetid.in_(IDS))
                                         ).order_by(_REL.id)


class Loaders:
    """All core loaders of one request. Plugins add theirs under ``extra``.

    The row loaders (statuses, locations, asset rows, relationships) give plain rows of the
    tables' columns (db/rows.py), not ORM instances: read them, never change them."""

    def __init__(self, session: AsyncSession, kinds: dict[str, AssetKind]) -> None:
        self.session = session
        self.kinds = kinds
        self.extra: dict[str, DataLoader[Any, Any]] = {}
        self._make()

    def _make(self) -> None:
        self.status_by_id = value_loader(self._statuses)
        self.location_by_id = value_loader(self._locations)
        self.asset_row_by_id = value_loader(self._asset_rows)
        self.asset_by_id = value_loader(self._assets)
        self.relationships_by_asset_id = value_loader(self._relationships)
        self.history_by_asset = DataLoader(self._history)
        self.asset_count_by_location = DataLoader(self._asset_counts)
        self.direct_asset_count_by_location = DataLoader(self._direct_asset_counts)
        self.locks_by_asset_id = DataLoader(self._locks)
        self.floor_plan_by_location = DataLoader(self._floor_plans)

    def clear(self) -> None:
        """Forget cached rows (after a mutation committed new data)."""
        self._make()
        for loader in self.extra.values():
            loader.clear_all()

    def release(self) -> None:
        """Drop every cached row and object: the request is answered.

        A request's objects are not freed when it ends: graphql-core's execution context
        and these loaders (whose batch functions are their own bound methods) are reference
        cycles, which keep the context, the loaders and every row they cached (hundreds per
        page) until Python's cycle collector runs. Collections then had all of them to
        trace, and what a collection met mid-request moved on to the older generations,
        whose collections cost milliseconds. Emptied here, the rows go at once."""
        for loader in (*vars(self).values(), *self.extra.values()):
            if isinstance(loader, DataLoader):
                loader.clear_all()
                loader.batch = None  # its futures hold the last batch's rows
        self.extra.clear()

    def loader(self, key: str, load_fn: Any) -> DataLoader[Any, Any]:
        """A plugin's loader, created once per request under ``key``."""
        if key not in self.extra:
            self.extra[key] = DataLoader(load_fn)
        return self.extra[key]

    async def warm(self, rows: Sequence[models.AssetRecord], fields: Collection[str]) -> None:
        """Load, one batch per table, what the nested ``fields`` (GraphQL names) of a page
        of assets read, so their resolvers answer at once instead of awaiting per node."""
        # One after another: the statements share the request's connection either way.
        if "status" in fields:
            await load_now(self.status_by_id, sorted({r.statusid for r in rows}))
        if "location" in fields:
            await load_now(self.location_by_id,
                           sorted({r.locationid for r in rows if r.locationid is not None}))
        if "relationships" in fields:
            await load_now(self.relationships_by_asset_id, [r.id for r in rows])
        if "position" in fields:
            await warm_positions(self, rows)

    async def _by_id(self, model: Any, ids: Sequence[int]) -> list[Any]:
        """Plain rows (db/rows.py) of ``model`` by id: loaders only answer reads."""
        rows = await fetch_rows(self.session, model, rows_by_id(model), {"ids": ids})
        found = {row.id: row for row in rows}
        return [found.get(i) for i in ids]

    async def _statuses(self, ids: list[int]) -> list[Any]:
        return await self._by_id(models.AssetStatus, ids)

    async def _locations(self, ids: list[int]) -> list[Any]:
        return await self._by_id(models.Location, ids)

    async def _asset_rows(self, ids: list[int]) -> list[models.AssetRecord | None]:
        return await self._by_id(models.Asset, ids)

    async def _assets(self, ids: list[int]) -> list[Asset | None]:
        rows = [r for r in await self._by_id(models.Asset, ids) if r is not None]
        built = await materialize(self.session, rows, self.kinds)
        by_id = {int(a.id): a for a in built}
        return [by_id.get(i) for i in ids]

    async def _asset_counts(self, ids: list[int]) -> list[int]:
        """Assets in each location and every location below it, in one recursive query."""
        asset, loc = models.Asset, models.Location
        tree = (select(loc.id.label("root"), loc.id.label("id")).where(loc.id.in_(ids))
                .cte("subtree", recursive=True))
        tree = tree.union(select(tree.c.root, loc.id).join(tree, loc.parentid == tree.c.id))
        rows = await self.session.execute(
            select(tree.c.root, func.count(asset.id)).join(asset, asset.locationid == tree.c.id)
            .group_by(tree.c.root))
        counts = {location: int(count) for location, count in rows}
        return [counts.get(i, 0) for i in ids]

    async def _direct_asset_counts(self, ids: list[int]) -> list[int]:
        asset = models.Asset
        rows = await self.session.execute(
            select(asset.locationid, func.count()).where(asset.locationid.in_(ids))
            .group_by(asset.locationid))
        counts = {location: int(count) for location, count in rows}
        return [counts.get(i, 0) for i in ids]

    async def _floor_plans(self, ids: list[int]) -> list[Any]:
        plan = models.FloorPlan  # without the image itself
        rows = await self.session.execute(select(
            plan.locationid, plan.contenttype, plan.width, plan.height, plan.updatedat)
            .where(plan.locationid.in_(ids)))
        found = {row.locationid: row for row in rows}
        return [found.get(i) for i in ids]

    async def _locks(self, ids: list[int]) -> list[list[models.FieldLock]]:
        lock = models.FieldLock
        rows = await self.session.scalars(select(lock).where(lock.assetid.in_(ids))
                                          .order_by(lock.assetid, lock.field))
        grouped: dict[int, list[models.FieldLock]] = defaultdict(list)
        for row in rows:
            grouped[row.assetid].append(row)
        return [grouped.get(i, []) for i in ids]

    async def _relationships(self, ids: list[int]) -> list[list[Any]]:
        rows = await fetch_rows(self.session, _REL, _RELATIONSHIPS, {"ids": ids})
        grouped: dict[int, list[Any]] = defaultdict(list)
        for row in rows:
            grouped[row.sourceid].append(row)
            if row.targetid != row.sourceid:
                grouped[row.targetid].append(row)
        return [grouped.get(i, []) for i in ids]

    async def _history(self, keys: list[tuple[int, int]]) -> list[list[models.AuditEntry]]:
        by_size: dict[int, list[int]] = defaultdict(list)
        for asset_id, size in keys:
            by_size[size].append(asset_id)
        result: dict[tuple[int, int], list[models.AuditEntry]] = defaultdict(list)
        for size, asset_ids in by_size.items():
            if size == 0:
                continue
            entry = models.AuditEntry
            rank = func.row_number().over(
                partition_by=entry.objectid, order_by=(entry.createdat.desc(), entry.id.desc())
            ).label("rank")
            inner = (select(entry, rank)
                     .where(entry.objecttype == "asset",
                            entry.objectid.in_([str(i) for i in asset_ids]))
                     .subquery())
            ranked = aliased(entry, inner)
            rows = (await self.session.scalars(
                select(ranked).where(inner.c.rank <= size)
                .order_by(inner.c.createdat.desc(), inner.c.id.desc())
            )).all()
            for row in rows:
                result[(int(row.objectid), size)].append(row)
        return [result.get(key, []) for key in keys]
