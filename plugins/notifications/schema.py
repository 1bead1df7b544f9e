"""Root fields of the notifications plugin: queries, mutations (write scope) and the subscription."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Any

import strawberry
from graphql import GraphQLError
from sqlalchemy import or_, select
from strawberry.types import Info

from shopdb_gql.plugins import (
    CanRead,
    Connection,
    Context,
    Page,
    fetch_page,
    make_connection,
    utcnow,
)

from .hub import hub_for
from .models import NotificationRow
from .types import Notification, NotificationEvent


def active_condition(now: datetime) -> Any:
    row = NotificationRow
    return (row.startsat <= now) & or_(row.endsat.is_(None), row.endsat > now)


@strawberry.type
class NotificationQuery:
    @strawberry.field(description="One notice by id.", permission_classes=[CanRead])
    async def notification(self, info: Info[Context, Any], id: strawberry.ID) -> Notification | None:
        try:
            row = await info.context.session.get(NotificationRow, int(id))
        except ValueError as exc:
            raise GraphQLError("notification ids must be numeric",
                               extensions={"code": "BAD_USER_INPUT"}) from exc
        return Notification.from_row(row) if row else None

    @strawberry.field(description="Notices, newest start first, paged; `activeOnly` for current ones.",
                      permission_classes=[CanRead])
    async def notifications(
        self, info: Info[Context, Any], first: int | None = 50, after: str | None = None,
        active_only: bool = False,
    ) -> Connection[Notification]:
        page = Page.parse(first, after, cap=info.context.settings.max_page_size)
        row = NotificationRow
        query = select(row).order_by(row.startsat.desc(), row.id.desc())
        if active_only:
            query = query.where(active_condition(utcnow()))
        rows, total = await fetch_page(info.context.session, query, page)
        return make_connection([Notification.from_row(r) for r in rows], page, total)

    @strawberry.field(description="Notices active now, most severe first, then newest.",
                      permission_classes=[CanRead])
    async def active_notifications(self, info: Info[Context, Any]) -> list[Notification]:
        row = NotificationRow
        rows = await info.context.session.scalars(
            select(row).where(active_condition(utcnow()))
            .order_by(row.startsat.desc(), row.id.desc()))
        rank = {"CRITICAL": 0, "WARNING": 1, "INFO": 2}
        return sorted((Notification.from_row(r) for r in rows),
                      key=lambda n: rank.get(n.severity.value, 3))


@strawberry.type
class NotificationSubscription:
    @strawberry.subscription(description=(
        "Live notice changes: ACTIVATED when a notice becomes active, UPDATED when an active "
        "or upcoming notice is edited, ENDED when it ends, DELETED. Delivered within about a "
        "second on every server process."), permission_classes=[CanRead])
    async def notification_events(
        self, info: Info[Context, Any]
    ) -> AsyncGenerator[NotificationEvent, None]:
        ctx = info.context
        hub = hub_for(ctx.db)
        queue = await hub.subscribe()
        try:
            while True:
                kind, notice, at = await queue.get()
                # The connection's context lives as long as the socket: fresh loaders per
                # event, a connection only while the event is resolved.
                ctx.loaders.clear()
                await ctx.session.connection()
                try:
                    yield NotificationEvent(kind=kind, notification=Notification.from_notice(notice),
                                            at=at)
                finally:
                    await ctx.session.close()
        finally:
            hub.unsubscribe(queue)
