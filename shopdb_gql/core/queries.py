"""Core root queries: assets, search, locations, statuses, audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from shopdb_gql.auth.permissions import CanRead
from shopdb_gql.core import assetcounts, models
from shopdb_gql.core.audit import ADMIN_ONLY_OBJECTS
from shopdb_gql.core.filters import (
    AssetFilter,
    AssetOrder,
    apply_filter,
    apply_order,
    by_kind_only,
    parse_ids,
    text_candidates,
)
from shopdb_gql.core.pages import asset_page
from shopdb_gql.core.search import SearchHit, search_everything
from shopdb_gql.core.types import Asset, AssetStatus, AuditEntry, Location
from shopdb_gql.graphql.connection import Connection, Page, fetch_page, make_connection
from shopdb_gql.graphql.context import Context
from shopdb_gql.graphql.errors import as_id  # resolved at runtime by Strawberry


@strawberry.input(description="Narrows the audit log. All given criteria must match.")
class AuditFilter:
    object_type: str | None = strawberry.field(default=None, description="asset, location...")
    object_id: str | None = strawberry.field(default=None, description="Identifier of the object.")
    action: str | None = strawberry.field(default=None, description="create, update, delete...")
    actor: str | None = strawberry.field(default=None, description="Actor name (exact).")
    source: str | None = strawberry.field(default=None, description="Source (exact).")
    batch_id: str | None = strawberry.field(default=None, description="Ingest batch id.")
    since: datetime | None = strawberry.field(default=None, description="Entries at or after.")
    until: datetime | None = strawberry.field(default=None, description="Entries before.")


def page_of(info: Info[Context, Any], first: int | None, after: str | None) -> Page:
    return Page.parse(first, after, cap=info.context.settings.max_page_size)


@strawberry.type
class CoreQuery:
    @strawberry.field(description="One asset by id, as its kind's type.",
                      permission_classes=[CanRead])
    async def asset(self, info: Info[Context, Any], id: strawberry.ID) -> Asset | None:
        key = as_id(id)
        if key is None:
            if not str(id).strip().isdigit():
                parse_ids([id], "asset")  # not a number: BAD_USER_INPUT, as everywhere
            return None  # a number no asset can have: not found, like any other missing id
        return await info.context.loaders.asset_by_id.load(key)

    @strawberry.field(description="Assets of every kind, filtered, sorted and paged.",
                      permission_classes=[CanRead])
    async def assets(
        self, info: Info[Context, Any], filter: AssetFilter | None = None,
        order_by: list[AssetOrder] | None = None, first: int | None = 50,
        after: str | None = None,
    ) -> Connection[Asset]:
        kinds = info.context.active.kinds
        candidates = await text_candidates(info.context.session, filter, kinds)
        query = apply_filter(select(models.Asset), filter, kinds, candidates)
        counted = (assetcounts.total(filter.kinds if filter else None) if by_kind_only(filter)
                   else None)
        return await asset_page(info, apply_order(query, order_by), first, after, counted=counted)

    @strawberry.field(description="Search assets and locations from one box.",
                      permission_classes=[CanRead])
    async def search(self, info: Info[Context, Any], text: str, first: int = 20) -> list[SearchHit]:
        return await search_everything(info.context, text, max(0, min(first, 100)))

    @strawberry.field(description="All site areas, by name.", permission_classes=[CanRead])
    async def locations(self, info: Info[Context, Any]) -> list[Location]:
        rows = await info.context.session.scalars(select(models.Location).order_by(models.Location.name))
        return [Location.from_row(r) for r in rows]

    @strawberry.field(description="One site area by id.", permission_classes=[CanRead])
    async def location(self, info: Info[Context, Any], id: strawberry.ID) -> Location | None:
        row = await info.context.loaders.location_by_id.load(parse_ids([id], "location")[0])
        return Location.from_row(row) if row else None

    @strawberry.field(description="Asset statuses, in pick-list order.",
                      permission_classes=[CanRead])
    async def asset_statuses(self, info: Info[Context, Any]) -> list[AssetStatus]:
        st = models.AssetStatus
        rows = await info.context.session.scalars(select(st).order_by(st.sortorder, st.id))
        return [AssetStatus.from_row(r) for r in rows]

    @strawberry.field(description="Every change, newest first.", permission_classes=[CanRead])
    async def audit_log(
        self, info: Info[Context, Any], filter: AuditFilter | None = None, first: int | None = 50,
        after: str | None = None,
    ) -> Connection[AuditEntry]:
        entry = models.AuditEntry
        query = select(entry)
        if not info.context.actor.is_admin:
            # Users, tokens and logins are admin business (as `users` and `apiTokens` are).
            query = query.where(entry.objecttype.not_in(ADMIN_ONLY_OBJECTS))
        if filter is not None:
            for column, value in ((entry.objecttype, filter.object_type),
                                  (entry.objectid, filter.object_id), (entry.action, filter.action),
                                  (entry.actorname, filter.actor), (entry.source, filter.source),
                                  (entry.batchid, filter.batch_id)):
                if value is not None:
                    query = query.where(column == value)
            if filter.since is not None:
                query = query.where(entry.createdat >= filter.since)
            if filter.until is not None:
                query = query.where(entry.createdat < filter.until)
        page = page_of(info, first, after)
        rows, total = await fetch_page(
            info.context.session, query.order_by(entry.createdat.desc(), entry.id.desc()), page)
        return make_connection([AuditEntry.from_row(r) for r in rows], page, total)
