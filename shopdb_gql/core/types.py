"""Core GraphQL types: the Asset interface and what hangs off it."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime
from typing import Annotated, Any
from weakref import WeakKeyDictionary

import strawberry
from graphql import GraphQLAbstractType, GraphQLResolveInfo, default_type_resolver
from strawberry.scalars import JSON
from strawberry.types import Info
from strawberry.types.base import get_object_definition
from strawberry.utils.str_converters import to_camel_case

from shopdb_gql.core import models
from shopdb_gql.core.position import MapPosition, resolve_position
from shopdb_gql.graphql.context import (
    Context,  # resolved at runtime by Strawberry
    current_loaders,
)
from shopdb_gql.graphql.loading import now_or_later
from shopdb_gql.graphql.plans import decided_by_class
from shopdb_gql.graphql.scalars import graphql_id


@strawberry.type(description="Reference data: the state an asset is in (in use, spare, retired...).")
class AssetStatus:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    code: str = strawberry.field(description="Stable machine code, e.g. `in_use`.")
    name: str = strawberry.field(description="Display name.")
    description: str | None = strawberry.field(description="What the status means on this site.")
    is_active: bool = strawberry.field(description="Whether an asset in this status is in service.")
    sort_order: int = strawberry.field(description="Position in pick lists.")
    retired: bool = strawberry.field(default=False, description=(
        "Retired by an admin: no longer offered or accepted for assets (assets keep it)."))

    @classmethod
    def from_row(cls, row: models.AssetStatus) -> AssetStatus:
        return cls(id=strawberry.ID(str(row.id)), code=row.code, name=row.name,
                   description=row.description, is_active=row.isactive, sort_order=row.sortorder,
                   retired=row.retiredat is not None)


@strawberry.type(description="A building's floor-plan image, the space its assets are placed in.")
class FloorPlan:
    url: str = strawberry.field(description="Where the image is served (signed-in callers).")
    content_type: str = strawberry.field(description="image/svg+xml, image/png or image/jpeg.")
    width: float = strawberry.field(description="Plan width in map units (image pixels).")
    height: float = strawberry.field(description="Plan height in map units (image pixels).")
    updated_at: datetime = strawberry.field(description="When the plan was uploaded (UTC).")

    @classmethod
    def from_row(cls, row: Any) -> FloorPlan:
        """From a ``floorplans`` row (or a row of its columns without the image)."""
        version = int(row.updatedat.timestamp())
        return cls(url=f"/floorplans/{row.locationid}?v={version}", content_type=row.contenttype,
                   width=row.width, height=row.height, updated_at=row.updatedat)


@strawberry.type(description="A site area (building, bay, cell, office) with a map point.")
class Location:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    name: str = strawberry.field(description="Unique name, e.g. `Hall 2 / Bay C`.")
    kind: str = strawberry.field(description="building, bay, cell, office, store, area...")
    description: str | None = strawberry.field(description="Free text.")
    map_x: float | None = strawberry.field(description="Horizontal map coordinate.")
    map_y: float | None = strawberry.field(description="Vertical map coordinate.")
    parent_id: strawberry.ID | None = strawberry.field(description="Identifier of the parent area.")

    @strawberry.field(description="The enclosing area (a bay's building).",
                      graphql_type=Annotated["Location", strawberry.lazy(__name__)] | None)
    def parent(self) -> Location | Awaitable[Location | None] | None:
        if self.parent_id is None:
            return None
        return now_or_later(current_loaders().location_by_id, int(self.parent_id), _location)

    @strawberry.field(description=(
        "How many assets stand in this area, including every area inside it (a hall counts "
        "the assets of its bays and cells), as the assets filter by location finds them."))
    async def asset_count(self, info: Info[Context, Any]) -> int:
        count: int = await info.context.loaders.asset_count_by_location.load(int(self.id))
        return count

    @strawberry.field(description=(
        "The building's floor plan, if an admin uploaded one: the site map draws the "
        "building's assets on it."))
    async def floor_plan(self, info: Info[Context, Any]) -> FloorPlan | None:
        row = await info.context.loaders.floor_plan_by_location.load(int(self.id))
        return None if row is None else FloorPlan.from_row(row)

    @strawberry.field(description=(
        "How many assets stand directly in this area, not in the areas inside it."))
    async def direct_asset_count(self, info: Info[Context, Any]) -> int:
        count: int = await info.context.loaders.direct_asset_count_by_location.load(int(self.id))
        return count

    @classmethod
    def from_row(cls, row: models.Location) -> Location:
        return cls(id=strawberry.ID(str(row.id)), name=row.name, kind=row.kind,
                   description=row.description, map_x=row.mapx, map_y=row.mapy,
                   parent_id=strawberry.ID(str(row.parentid)) if row.parentid else None)


@strawberry.type(description="One changed field of an audit entry.")
class FieldChange:
    field: str = strawberry.field(description="Database column that changed.")
    old: JSON | None = strawberry.field(description="Value before the change.")
    new: JSON | None = strawberry.field(description="Value after the change.")

    @strawberry.field(description="The changed field in words, e.g. `OS version`.")
    def label(self, info: Info[Context, Any]) -> str:
        from shopdb_gql.core.vocabulary import served_vocabulary

        return str(served_vocabulary(info).column_label(self.field))


@strawberry.type(description="A change: when, who, from where, what, and old/new values.")
class AuditEntry:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    created_at: datetime = strawberry.field(description="When the change was made (UTC).")
    actor_type: str = strawberry.field(description="user, token or system.")
    actor_name: str = strawberry.field(description="Username, `token:<name>` or `system`.")
    source: str = strawberry.field(description="Where the change came from (api, ui, collector).")
    action: str = strawberry.field(description="create, update, delete, relate, ingest...")
    object_type: str = strawberry.field(description="Kind of object changed: asset, location...")
    object_id: str = strawberry.field(description="Identifier of the object changed.")
    summary: str | None = strawberry.field(description="One line for people.")
    batch_id: str | None = strawberry.field(description="Ingest batch the change belongs to.")
    changes: list[FieldChange] = strawberry.field(description="Changed fields, old and new.")

    @strawberry.field(description=(
        "The changed object in words: an asset's tag and name, a location's name; the entry's "
        "summary, or its type and id, when the object is gone."))
    async def object_title(self, info: Info[Context, Any]) -> str:
        loaders = info.context.loaders
        if self.object_id.isdigit() and len(self.object_id) < 19:
            if self.object_type == "asset":
                asset = await loaders.asset_row_by_id.load(int(self.object_id))
                if asset is not None:
                    return f"{asset.assettag} {asset.name}"
            elif self.object_type == "location":
                place = await loaders.location_by_id.load(int(self.object_id))
                if place is not None:
                    return str(place.name)
        return self.summary or f"{self.object_type} {self.object_id}"

    @classmethod
    def from_row(cls, row: models.AuditEntry) -> AuditEntry:
        return cls(
            id=strawberry.ID(str(row.id)), created_at=row.createdat, actor_type=row.actortype,
            actor_name=row.actorname, source=row.source, action=row.action,
            object_type=row.objecttype, object_id=row.objectid, summary=row.summary,
            batch_id=row.batchid,
            changes=[FieldChange(field=k, old=v.get("old"), new=v.get("new"))
                     for k, v in sorted((row.changes or {}).items())],
        )


@strawberry.type(description=(
    "A field of an asset that a person changed by hand: collectors' ingest leaves it alone "
    "until it is unlocked (`unlockAssetField`)."))
class FieldLock:
    field: str = strawberry.field(description=(
        "The locked field, lower case without separators (`serialnumber`, `osname`): the "
        "GraphQL field name in lower case. `unlockAssetField` accepts it as it is."))
    locked_at: datetime = strawberry.field(description="When the hand edit locked it (UTC).")
    locked_by: str = strawberry.field(description="Who made the hand edit.")

    @classmethod
    def from_row(cls, row: models.FieldLock) -> FieldLock:
        return cls(field=row.field, locked_at=row.lockedat, locked_by=row.lockedby)


@strawberry.type(description="A typed link between two assets.")
class AssetRelationship:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    type: str = strawberry.field(description="controls, connected_to, installed_in, uplink...")
    inherits_position: bool = strawberry.field(
        description="Whether the source asset takes the target's map position.")
    created_at: datetime = strawberry.field(description="When the link was made (UTC).")
    source_id: strawberry.ID = strawberry.field(description="Identifier of the source asset.")
    target_id: strawberry.ID = strawberry.field(description="Identifier of the target asset.")

    @strawberry.field(description="The asset the link starts from (e.g. the PC that controls).")
    async def source(self, info: Info[Context, Any]) -> Asset | None:
        return await info.context.loaders.asset_by_id.load(int(self.source_id))

    @strawberry.field(description="The asset the link points at (e.g. the machine controlled).")
    async def target(self, info: Info[Context, Any]) -> Asset | None:
        return await info.context.loaders.asset_by_id.load(int(self.target_id))

    @classmethod
    def from_row(cls, row: models.AssetRelationship) -> AssetRelationship:
        return cls(id=graphql_id(row.id), type=row.type,
                   inherits_position=row.inheritsposition, created_at=row.createdat,
                   source_id=graphql_id(row.sourceid), target_id=graphql_id(row.targetid))


#: Asset classes' GraphQL type names, found once per class (``Asset.resolve_type``); weakly
#: held, as a runtime plugin toggle makes its kinds' classes anew.
_TYPE_NAMES: WeakKeyDictionary[type, str] = WeakKeyDictionary()


def _type_name(cls: type) -> str | None:
    """The GraphQL type of an asset class Strawberry made a type of (not a generic one)."""
    definition = getattr(cls, "__strawberry_definition__", None)
    if definition is None or definition.is_graphql_generic or not issubclass(cls, Asset):
        return None
    return str(definition.name)


@strawberry.interface(description=(
    "Anything inventoried on the site. Each asset kind is a type implementing this "
    "interface, contributed by a plugin; kinds without an enabled plugin are GenericAsset."
))
class Asset:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    asset_tag: str = strawberry.field(description="The human asset number (unique on the site).")
    name: str = strawberry.field(description="Display name.")
    kind: str = strawberry.field(description="Asset kind key, e.g. `computer`.")
    serial_number: str | None = strawberry.field(description="Manufacturer serial number.")
    notes: str | None = strawberry.field(description="Free text notes.")
    created_at: datetime = strawberry.field(description="When the asset was created (UTC).")
    updated_at: datetime = strawberry.field(description="When the asset last changed (UTC).")
    last_seen_at: datetime | None = strawberry.field(
        description="When a collector last reported the asset (UTC).")
    last_seen_source: str | None = strawberry.field(
        description="The collector source that last reported the asset.")
    _row: strawberry.Private[models.AssetRecord]

    # Every asset object is built as its kind's type (Kind.build), so its GraphQL type is
    # its class's. Strawberry's defaults find it by the general route on every asset of a
    # page: casts, generics, isinstance against the interface's and the type's classes.
    # The executor completes a list's assets of one class alike (decided_by_class).
    @classmethod
    @decided_by_class(lambda cls: _type_name(cls) is not None)
    def resolve_type(cls, obj: Any, info: GraphQLResolveInfo,
                     abstract_type: GraphQLAbstractType) -> Awaitable[str | None] | str | None:
        name = _TYPE_NAMES.get(obj.__class__)
        if name is not None:
            return name
        name = _type_name(obj.__class__) if isinstance(obj, cls) else None
        if name is None:
            return default_type_resolver(obj, info, abstract_type)
        _TYPE_NAMES[obj.__class__] = name
        return name

    @classmethod
    @decided_by_class(lambda cls: True)
    def is_type_of(cls, obj: Any, info: GraphQLResolveInfo) -> bool:
        return isinstance(obj, cls)

    # status, location, position and relationships answer at once when the page prefetched
    # their rows (Loaders.warm), else through the batched loaders: see graphql/loading.py.
    # Every item of a list reads them: they take the loaders from current_loaders(), not
    # from an Info, which is then not built for them (graphql/context.py).
    @strawberry.field(description="Current status.", graphql_type=AssetStatus)
    def status(self) -> AssetStatus | Awaitable[AssetStatus]:
        return now_or_later(current_loaders().status_by_id, self._row.statusid, _status)

    @strawberry.field(description="Where the asset is.", graphql_type=Location | None)
    def location(self) -> Location | Awaitable[Location | None] | None:
        if self._row.locationid is None:
            return None
        return now_or_later(current_loaders().location_by_id, self._row.locationid, _location)

    @strawberry.field(description="Own map coordinates, if set (see `position` for resolved).")
    def map_x(self) -> float | None:
        return self._row.mapx

    @strawberry.field(description="Own map coordinates, if set (see `position` for resolved).")
    def map_y(self) -> float | None:
        return self._row.mapy

    @strawberry.field(description=(
        "Resolved map position: own coordinates, else a related asset's (inheritsPosition), "
        "else the location's. Null when none applies."), graphql_type=MapPosition | None)
    def position(self) -> MapPosition | Awaitable[MapPosition | None] | None:
        return resolve_position(current_loaders(), self._row)

    @strawberry.field(description="Links to and from other assets.",
                      graphql_type=list[AssetRelationship])
    def relationships(self) -> list[AssetRelationship] | Awaitable[list[AssetRelationship]]:
        return now_or_later(current_loaders().relationships_by_asset_id, self._row.id,
                            _relationships)

    @strawberry.field(description=(
        "Fields changed by hand, which collectors may not overwrite until unlocked."))
    async def locked_fields(self, info: Info[Context, Any]) -> list[FieldLock]:
        rows = await info.context.loaders.locks_by_asset_id.load(self._row.id)
        return [FieldLock.from_row(r) for r in rows]

    @strawberry.field(description="Latest audit entries for this asset, newest first.")
    async def history(self, info: Info[Context, Any], first: int = 20) -> list[AuditEntry]:
        size = max(0, min(first, info.context.settings.max_page_size))
        rows = await info.context.loaders.history_by_asset.load((self._row.id, size))
        return [AuditEntry.from_row(r) for r in rows]


@strawberry.type(description="An asset whose kind has no enabled plugin; core fields only.")
class GenericAsset(Asset):
    pass


def _status(row: models.AssetStatus | None) -> AssetStatus:
    assert row is not None, "assets.statusid is a foreign key"
    return AssetStatus.from_row(row)


def _location(row: models.Location | None) -> Location | None:
    return Location.from_row(row) if row is not None else None


def _relationships(rows: list[models.AssetRelationship]) -> list[AssetRelationship]:
    return [AssetRelationship.from_row(r) for r in rows]


def asset_fields(row: models.AssetRecord) -> dict[str, Any]:
    """Keyword arguments for any Asset implementation, from the core row (an ORM instance or
    a plain row)."""
    return {
        "id": graphql_id(row.id), "asset_tag": row.assettag, "name": row.name,
        "kind": row.kind, "serial_number": row.serialnumber, "notes": row.notes,
        "created_at": row.createdat, "updated_at": row.updatedat,
        "last_seen_at": row.lastseenat, "last_seen_source": row.lastseensource, "_row": row,
    }


#: The GraphQL names of the Asset interface's fields: a selection reading only these (and
#: ``__typename``) needs no kind's extension row.
ASSET_INTERFACE_FIELDS = frozenset(
    {f.graphql_name or to_camel_case(f.python_name)
     for f in get_object_definition(Asset, strict=True).fields
     if not f.python_name.startswith("_")}  # _row is private
    | {"__typename"})

ASSET_FIELD_NAMES = frozenset({
    "id", "asset_tag", "name", "kind", "serial_number", "notes", "created_at", "updated_at",
    "last_seen_at", "last_seen_source", "_row",
})
