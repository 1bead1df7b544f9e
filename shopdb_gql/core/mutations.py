"""Core mutations: locations, editing any asset's core fields, relationships."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import func, select
from strawberry.types import Info

from shopdb_gql.auth.permissions import CanWrite, IsAdmin
from shopdb_gql.core import models
from shopdb_gql.core.audit import apply_changes, snapshot
from shopdb_gql.core.editing import (
    LOCATION_COLUMNS,
    asset_payload,
    delete_asset,
    get_or_fail,
    location_values,
    update_asset,
)
from shopdb_gql.core.types import Asset, AssetRelationship, Location
from shopdb_gql.db.base import utcnow
from shopdb_gql.db.lengths import MAX_COORDINATE
from shopdb_gql.graphql.context import Context  # resolved at runtime by Strawberry
from shopdb_gql.graphql.errors import ErrorCode, PayloadErrors, UserError, user_error
from shopdb_gql.graphql.mutations import Tx, perform

UNSET: Any = strawberry.UNSET


@strawberry.input(description="A new site area.")
class LocationInput:
    name: str = strawberry.field(description="Unique name.")
    kind: str = strawberry.field(default="area", description="building, bay, cell, office...")
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="Enclosing area.")
    description: str | None = strawberry.field(default=None, description="Free text.")
    map_x: float | None = strawberry.field(default=None, description="Map coordinate.")
    map_y: float | None = strawberry.field(default=None, description="Map coordinate.")


@strawberry.input(description="Changes to a site area; omitted fields stay, null clears.")
class LocationUpdateInput:
    name: str | None = strawberry.field(default=UNSET, description="Unique name.")
    kind: str | None = strawberry.field(default=UNSET, description="Area kind.")
    parent_id: strawberry.ID | None = strawberry.field(default=UNSET, description="Enclosing area.")
    description: str | None = strawberry.field(default=UNSET, description="Free text.")
    map_x: float | None = strawberry.field(default=UNSET, description="Map coordinate.")
    map_y: float | None = strawberry.field(default=UNSET, description="Map coordinate.")


@strawberry.input(description="Changes to an asset's core fields; omitted stay, null clears.")
class AssetUpdateInput:
    asset_tag: str | None = strawberry.field(default=UNSET, description="Asset number.")
    name: str | None = strawberry.field(default=UNSET, description="Display name.")
    serial_number: str | None = strawberry.field(default=UNSET, description="Serial number.")
    status_id: strawberry.ID | None = strawberry.field(default=UNSET, description="Status.")
    location_id: strawberry.ID | None = strawberry.field(default=UNSET, description="Location.")
    notes: str | None = strawberry.field(default=UNSET, description="Free text.")


@strawberry.input(description="A link between two assets.")
class RelationshipInput:
    source_id: strawberry.ID = strawberry.field(description="The asset the link starts from.")
    target_id: strawberry.ID = strawberry.field(description="The asset the link points at.")
    type: str = strawberry.field(description="controls, connected_to, installed_in, uplink...")
    inherits_position: bool = strawberry.field(
        default=False, description="The source takes the target's map position.")


@strawberry.type(description="Result of a location mutation.")
class LocationPayload:
    location: Location | None = None
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type(description="Result of an asset mutation.")
class AssetPayload:
    asset: Asset | None = None
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type(description="Result of a relationship mutation.")
class RelationshipPayload:
    relationship: AssetRelationship | None = None
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type(description="Result of a delete.")
class DeletePayload:
    deleted_id: strawberry.ID | None = strawberry.field(default=None, description="What was deleted.")
    errors: list[UserError] = strawberry.field(description="Why the delete was refused.")


async def _save_location(tx: Tx, row: models.Location, data: Any, creating: bool) -> dict[str, Any]:
    values = await location_values(tx.session, data, row.id)
    changes = apply_changes(row, values)
    if creating:
        tx.session.add(row)
    await tx.session.flush()
    if creating:
        changes = snapshot(row, LOCATION_COLUMNS)
    if changes:
        await tx.audit("create" if creating else "update", "location", row.id, changes,
                       summary=row.name)
    return {"location": Location.from_row(row)}


@strawberry.type
class CoreMutation:
    @strawberry.mutation(description="Create a site area.", permission_classes=[IsAdmin])
    async def create_location(self, info: Info[Context, Any], input: LocationInput) -> LocationPayload:
        return await perform(info, LocationPayload,
                             lambda tx: _save_location(tx, models.Location(), input, True))

    @strawberry.mutation(description="Change a site area.", permission_classes=[IsAdmin])
    async def update_location(
        self, info: Info[Context, Any], id: strawberry.ID, input: LocationUpdateInput
    ) -> LocationPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await get_or_fail(tx.session, models.Location, id, "location")
            return await _save_location(tx, row, input, False)

        return await perform(info, LocationPayload, work)

    @strawberry.mutation(description="Delete an empty site area.", permission_classes=[IsAdmin])
    async def delete_location(self, info: Info[Context, Any], id: strawberry.ID) -> DeletePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await get_or_fail(tx.session, models.Location, id, "location")
            used = await tx.session.scalar(
                select(func.count()).where(models.Asset.locationid == row.id))
            if used:
                raise PayloadErrors(user_error(
                    ErrorCode.IN_USE, f"{used} asset(s) are at {row.name}: move them first", "id"))
            await tx.audit("delete", "location", row.id,
                           {k: {"old": v["new"], "new": None}
                            for k, v in snapshot(row, LOCATION_COLUMNS).items()}, summary=row.name)
            await tx.session.delete(row)
            return {"deleted_id": id}

        return await perform(info, DeletePayload, work)

    @strawberry.mutation(description="Change an asset's core fields.", permission_classes=[CanWrite])
    async def update_asset(
        self, info: Info[Context, Any], id: strawberry.ID, input: AssetUpdateInput
    ) -> AssetPayload:
        return await perform(info, AssetPayload, lambda tx: update_asset(tx, id, input))

    @strawberry.mutation(description="Set an asset's status.", permission_classes=[CanWrite])
    async def set_asset_status(
        self, info: Info[Context, Any], id: strawberry.ID, status_id: strawberry.ID
    ) -> AssetPayload:
        return await perform(info, AssetPayload, lambda tx: update_asset(
            tx, id, AssetUpdateInput(status_id=status_id)))

    @strawberry.mutation(description="Move an asset to a location (null: none).",
                         permission_classes=[CanWrite])
    async def set_asset_location(
        self, info: Info[Context, Any], id: strawberry.ID, location_id: strawberry.ID | None = None
    ) -> AssetPayload:
        return await perform(info, AssetPayload, lambda tx: update_asset(
            tx, id, AssetUpdateInput(location_id=location_id)))

    @strawberry.mutation(description="Set an asset's notes.", permission_classes=[CanWrite])
    async def set_asset_notes(
        self, info: Info[Context, Any], id: strawberry.ID, notes: str | None = None
    ) -> AssetPayload:
        return await perform(info, AssetPayload, lambda tx: update_asset(
            tx, id, AssetUpdateInput(notes=notes)))

    @strawberry.mutation(description="Set (or with nulls, clear) an asset's own map position.",
                         permission_classes=[CanWrite])
    async def set_asset_position(
        self, info: Info[Context, Any], id: strawberry.ID, x: float | None = None,
        y: float | None = None,
    ) -> AssetPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            if (x is None) != (y is None):
                raise PayloadErrors(user_error(ErrorCode.INVALID,
                                               "Give both x and y, or neither to clear", "x"))
            for name, value in (("x", x), ("y", y)):
                if value is not None and not abs(value) <= MAX_COORDINATE:
                    raise PayloadErrors(user_error(
                        ErrorCode.INVALID, f"Map coordinates lie between -{MAX_COORDINATE:,} and "
                                           f"{MAX_COORDINATE:,}", name))
            row = await get_or_fail(tx.session, models.Asset, id, "asset")
            changes = apply_changes(row, {"mapx": x, "mapy": y})
            if changes:
                row.updatedat = utcnow()
                await tx.audit("update", "asset", row.id, changes, summary="position")
            return await asset_payload(tx, row)

        return await perform(info, AssetPayload, work)

    @strawberry.mutation(description="Delete an asset of any kind (and its kind's row).",
                         permission_classes=[CanWrite])
    async def delete_asset(self, info: Info[Context, Any], id: strawberry.ID) -> DeletePayload:
        return await perform(info, DeletePayload, lambda tx: delete_asset(tx, id))

    @strawberry.mutation(description="Link two assets.", permission_classes=[CanWrite])
    async def relate_assets(
        self, info: Info[Context, Any], input: RelationshipInput
    ) -> RelationshipPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            source = await get_or_fail(tx.session, models.Asset, input.source_id, "asset",
                                       "input", "sourceId")
            target = await get_or_fail(tx.session, models.Asset, input.target_id, "asset",
                                       "input", "targetId")
            kind = input.type.strip().lower()
            if source.id == target.id:
                raise PayloadErrors(user_error(ErrorCode.INVALID, "An asset cannot relate to itself",
                                               "input", "targetId"))
            if not kind or len(kind) > 40:
                raise PayloadErrors(user_error(ErrorCode.INVALID, "Type must be 1-40 characters",
                                               "input", "type"))
            rel = models.AssetRelationship(sourceid=source.id, targetid=target.id, type=kind,
                                           inheritsposition=input.inherits_position)
            tx.session.add(rel)
            await tx.session.flush()
            await tx.audit("relate", "asset", source.id, {
                "relationship": {"old": None, "new": {"id": rel.id, "type": kind,
                                                      "target": target.id,
                                                      "inheritsposition": rel.inheritsposition}}},
                summary=f"{kind} {target.name}")
            return {"relationship": AssetRelationship.from_row(rel)}

        return await perform(info, RelationshipPayload, work)

    @strawberry.mutation(description="Remove a link between two assets.",
                         permission_classes=[CanWrite])
    async def unrelate_assets(self, info: Info[Context, Any], id: strawberry.ID) -> DeletePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            rel = await get_or_fail(tx.session, models.AssetRelationship, id, "relationship")
            await tx.audit("unrelate", "asset", rel.sourceid, {
                "relationship": {"old": {"id": rel.id, "type": rel.type, "target": rel.targetid,
                                         "inheritsposition": rel.inheritsposition}, "new": None}},
                summary=rel.type)
            await tx.session.delete(rel)
            return {"deleted_id": id}

        return await perform(info, DeletePayload, work)



