"""GraphQL types shared by every generated ``ingest<Kinds>`` mutation."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from shopdb_gql.core.types import Asset
from shopdb_gql.graphql.context import Context  # resolved at runtime by Strawberry
from shopdb_gql.graphql.errors import UserError

MAX_RECORDS = 1000
MAX_BYTES = 5 * 1024 * 1024


@strawberry.enum(description="What ingest did (or, on a dry run, would do) with one record.")
class IngestStatus(Enum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"
    UNCHANGED = "UNCHANGED"
    REJECTED = "REJECTED"


@strawberry.type(description="The outcome for one record of an ingest batch.")
class IngestResult:
    index: int = strawberry.field(description="Position of the record in `records` (from 0).")
    status: IngestStatus = strawberry.field(description="Created, updated, unchanged or rejected.")
    errors: list[UserError] = strawberry.field(
        description="Why the record was rejected; `field` is the path, e.g. records/3/hostname.")
    warnings: list[UserError] = strawberry.field(
        description="What was skipped without rejecting the record (e.g. LOCKED fields).")
    asset_id: strawberry.ID | None = strawberry.field(
        default=None, description="The matched or created asset (null when rejected or on a "
                                  "dry run that would create it).")

    @strawberry.field(description="The asset, as stored after the batch (before, on a dry run).")
    async def asset(self, info: Info[Context, Any]) -> Asset | None:
        if self.asset_id is None:
            return None
        result: Asset | None = await info.context.loaders.asset_by_id.load(int(self.asset_id))
        return result


@strawberry.type(description="Result of an ingest batch: counts and one result per record.")
class IngestPayload:
    batch_id: str | None = strawberry.field(
        default=None, description="Identifier of the batch; audit entries carry it.")
    dry_run: bool = strawberry.field(default=False, description="Nothing was written.")
    created: int = strawberry.field(default=0, description="Records that created an asset.")
    updated: int = strawberry.field(default=0, description="Records that changed an asset.")
    unchanged: int = strawberry.field(default=0, description="Records that changed nothing.")
    rejected: int = strawberry.field(default=0, description="Records refused (see results).")
    results: list[IngestResult] = strawberry.field(
        default_factory=list, description="One result per record, in order.")
    errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why the whole batch was refused (limits, source).")
