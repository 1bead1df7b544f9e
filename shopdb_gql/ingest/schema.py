"""Core root fields of collector ingest: ``staleAssets`` and ``unlockAssetField``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import strawberry
from sqlalchemy import Select, select
from strawberry.types import Info

from shopdb_gql.auth.permissions import CanRead, CanWrite
from shopdb_gql.core import models
from shopdb_gql.core.editing import asset_payload, get_or_fail
from shopdb_gql.core.locks import lock_field_name, unlock_field
from shopdb_gql.core.pages import asset_page
from shopdb_gql.core.types import Asset
from shopdb_gql.db.base import utcnow
from shopdb_gql.graphql.connection import Connection, Page, make_connection
from shopdb_gql.graphql.context import Context  # resolved at runtime by Strawberry
from shopdb_gql.graphql.errors import ErrorCode, PayloadErrors, UserError, user_error
from shopdb_gql.graphql.mutations import Tx, perform


def stale_after(active_or_records: Any, kind: str) -> timedelta | None:
    """The kind's ``stale_after`` from its ingest spec, else from its AssetKind."""
    for record in active_or_records:
        for spec in record.contributions.ingest_specs:
            if spec.kind == kind and spec.stale_after is not None:
                return spec.stale_after
        for asset_kind in record.contributions.asset_kinds:
            if asset_kind.kind == kind and asset_kind.stale_after is not None:
                return asset_kind.stale_after
    return None


def stale_query(kind: str, cutoff: datetime) -> Select[Any]:
    """Assets of ``kind`` a collector reported once but not since ``cutoff``, oldest first."""
    asset = models.Asset
    return (select(asset).where(asset.kind == kind, asset.lastseenat.is_not(None),
                                asset.lastseenat < cutoff)
            .order_by(asset.lastseenat, asset.id))


@strawberry.type(description="Result of unlocking a field.")
class FieldLockPayload:
    asset: Asset | None = strawberry.field(default=None, description="The asset.")
    unlocked: bool = strawberry.field(default=False,
                                      description="Whether a lock existed and was removed.")
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type
class IngestQuery:
    @strawberry.field(description=(
        "Assets of `kind` that collectors reported before but not within the kind's "
        "`staleAfter`, least recently seen first (empty for a kind without `staleAfter`)."),
        permission_classes=[CanRead])
    async def stale_assets(self, info: Info[Context, Any], kind: str, first: int | None = 50,
                           after: str | None = None) -> Connection[Asset]:
        limit = stale_after(info.context.active.records, kind)
        if limit is None:
            page = Page.parse(first, after, cap=info.context.settings.max_page_size)
            return make_connection([], page, 0)
        return await asset_page(info, stale_query(kind, utcnow() - limit), first, after)


@strawberry.type
class IngestMutation:
    @strawberry.mutation(description=(
        "Let collectors change a field again that an editor changed by hand (fields are "
        "named as in GraphQL, e.g. `serialNumber`, `hostname`)."), permission_classes=[CanWrite])
    async def unlock_asset_field(self, info: Info[Context, Any], asset_id: strawberry.ID,
                                 field: str) -> FieldLockPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await get_or_fail(tx.session, models.Asset, asset_id, "asset", "assetId")
            if not lock_field_name(field):
                raise PayloadErrors(user_error(ErrorCode.REQUIRED, "Name a field", "field"))
            unlocked = await unlock_field(tx.session, row.id, field)
            if unlocked:
                await tx.audit("unlock", "asset", row.id,
                               {lock_field_name(field): {"old": "locked", "new": None}},
                               summary=f"unlocked {field} for collectors")
            return {**await asset_payload(tx, row), "unlocked": unlocked}

        return await perform(info, FieldLockPayload, work)
