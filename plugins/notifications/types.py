"""GraphQL types of the notifications plugin: Notification and the live NotificationEvent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from shopdb_gql.plugins import Asset, Context, Location, utcnow

from .models import NotificationRow, NotificationTargetRow


@strawberry.enum(description="How serious a notice is.")
class Severity(Enum):
    INFO = "INFO"
    WARNING = "WARNING"
    CRITICAL = "CRITICAL"


@strawberry.enum(description="What happened to a notice.")
class NotificationEventKind(Enum):
    ACTIVATED = "ACTIVATED"
    UPDATED = "UPDATED"
    ENDED = "ENDED"
    DELETED = "DELETED"


@dataclass(frozen=True)
class Notice:
    """A notice's column values, detached from any session (what the poller compares)."""

    id: int
    title: str
    message: str
    severity: str
    startsat: datetime
    endsat: datetime | None
    createdat: datetime
    updatedat: datetime
    createdby: str

    @classmethod
    def from_row(cls, row: NotificationRow) -> Notice:
        return cls(row.id, row.title, row.message, row.severity, row.startsat, row.endsat,
                   row.createdat, row.updatedat, row.createdby)

    def active_at(self, when: datetime) -> bool:
        return self.startsat <= when and (self.endsat is None or self.endsat > when)


async def _targets(info: Info[Context, Any], ids: list[int]) -> list[tuple[list[int], list[int]]]:
    target = NotificationTargetRow
    rows = await info.context.session.execute(
        select(target.notificationid, target.locationid, target.assetid)
        .where(target.notificationid.in_(ids)).order_by(target.id))
    found: dict[int, tuple[list[int], list[int]]] = {i: ([], []) for i in ids}
    for notification_id, location_id, asset_id in rows:
        if location_id is not None:
            found[notification_id][0].append(location_id)
        if asset_id is not None:
            found[notification_id][1].append(asset_id)
    return [found[i] for i in ids]


async def targets_of(info: Info[Context, Any], notification_id: int) -> tuple[list[int], list[int]]:
    loader = info.context.loaders.loader("notifications.targets_by_notification_id",
                                         lambda ids: _targets(info, ids))
    result: tuple[list[int], list[int]] = await loader.load(notification_id)
    return result


@strawberry.type(description="A shop-floor notice with a severity and a time window.")
class Notification:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    title: str = strawberry.field(description="Headline.")
    message: str = strawberry.field(description="The notice itself.")
    severity: Severity = strawberry.field(description="INFO, WARNING or CRITICAL.")
    starts_at: datetime = strawberry.field(description="When the notice becomes active (UTC).")
    ends_at: datetime | None = strawberry.field(
        description="When the notice ends (UTC); null: until ended or deleted.")
    created_at: datetime = strawberry.field(description="When the notice was created (UTC).")
    updated_at: datetime = strawberry.field(description="When the notice last changed (UTC).")
    created_by: str = strawberry.field(description="Who created it (user or `token:<name>`).")

    @strawberry.field(description="Whether the notice is active now (started, not ended).")
    def is_active(self) -> bool:
        now = utcnow()
        return self.starts_at <= now and (self.ends_at is None or self.ends_at > now)

    @strawberry.field(description="The site areas the notice concerns (none: the whole site).")
    async def locations(self, info: Info[Context, Any]) -> list[Location]:
        location_ids, _ = await targets_of(info, int(self.id))
        rows = await info.context.loaders.location_by_id.load_many(location_ids)
        return [Location.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="The assets the notice concerns.")
    async def assets(self, info: Info[Context, Any]) -> list[Asset]:
        _, asset_ids = await targets_of(info, int(self.id))
        assets = await info.context.loaders.asset_by_id.load_many(asset_ids)
        return [a for a in assets if a is not None]

    @classmethod
    def from_notice(cls, n: Notice) -> Notification:
        return cls(id=strawberry.ID(str(n.id)), title=n.title, message=n.message,
                   severity=Severity(n.severity), starts_at=n.startsat, ends_at=n.endsat,
                   created_at=n.createdat, updated_at=n.updatedat, created_by=n.createdby)

    @classmethod
    def from_row(cls, row: NotificationRow) -> Notification:
        return cls.from_notice(Notice.from_row(row))


@strawberry.type(description="A change to a notice, pushed to `notificationEvents` subscribers.")
class NotificationEvent:
    kind: NotificationEventKind = strawberry.field(description="What happened.")
    notification: Notification = strawberry.field(
        description="The notice after the change (as it was, for DELETED).")
    at: datetime = strawberry.field(description="When the change was noticed (UTC).")
