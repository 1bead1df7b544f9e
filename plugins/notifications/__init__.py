"""The notifications plugin: shop-floor notices (not assets) and their live subscription.

Notices have a severity and a time window and may name the locations and assets they
concern. ``notificationEvents`` pushes ACTIVATED/UPDATED/ENDED/DELETED events over
graphql-transport-ws on ``/graphql``; every worker process polls the table (see ``hub``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.tools import merge_types

from shopdb_gql.plugins import (
    AssetRow,
    Base,
    DashboardWidget,
    Event,
    LocationRow,
    NavigationItem,
    Plugin,
    WidgetValue,
    utcnow,
)

from . import hub
from .models import NotificationRow, NotificationTargetRow
from .mutations import DeleteNotificationPayload, NotificationMutation, NotificationPayload
from .schema import NotificationQuery, NotificationSubscription, active_condition
from .types import Notification, NotificationEvent, NotificationEventKind, Severity


async def _active(session: AsyncSession) -> WidgetValue:
    rows = (await session.execute(
        select(NotificationRow.severity, func.count()).where(active_condition(utcnow()))
        .group_by(NotificationRow.severity).order_by(NotificationRow.severity))).all()
    return WidgetValue(value=float(sum(int(n) for _, n in rows)), text="active notices",
                       rows=[(str(s).lower(), float(n)) for s, n in rows],
                       link="/notifications?active=1")


class NotificationsPlugin(Plugin):
    """Contributes ``Notification``, its root fields, the subscription, a menu entry and a tile."""

    def models(self) -> Sequence[type[Base]]:
        return (NotificationRow, NotificationTargetRow)

    def types(self) -> Sequence[type]:
        return (Notification, NotificationEvent, NotificationEventKind, Severity,
                NotificationPayload, DeleteNotificationPayload)

    def query(self) -> type:
        return NotificationQuery

    def mutation(self) -> type:
        return NotificationMutation

    def subscription(self) -> type:
        return merge_types("NotificationSubscriptions", (NotificationSubscription,))

    def navigation(self) -> Sequence[NavigationItem]:
        return (NavigationItem("notifications", "Notices", "/notifications", icon="bell",
                               order=20),)

    def dashboard_widgets(self) -> Sequence[DashboardWidget]:
        return (DashboardWidget("activenotifications", "Active notices", _active, order=5),)

    async def on_event(self, event: Event) -> None:
        """A notice changed here: live subscribers hear of it now, not at the next poll."""
        if event.type.startswith("notification."):
            hub.poke_running()

    async def seed_demo(self, session: AsyncSession) -> None:
        if await session.scalar(select(func.count()).select_from(NotificationRow)):
            return
        now = utcnow()
        notices = [
            NotificationRow(title="Compressed air maintenance", severity="WARNING",
                            message="Hall 1 air supply is serviced; expect pressure drops.",
                            startsat=now - timedelta(hours=1), endsat=now + timedelta(hours=5)),
            NotificationRow(title="Network switch firmware update", severity="INFO",
                            message="Switches are updated on Saturday night; short outages.",
                            startsat=now + timedelta(days=2), endsat=now + timedelta(days=2, hours=4)),
            NotificationRow(title="Welcome to shopdb", severity="INFO",
                            message="Report wrong inventory data to the IT room.",
                            startsat=now - timedelta(days=7)),
        ]
        for notice in notices:
            notice.createdat = notice.updatedat = now
            notice.createdby = "system"
        session.add_all(notices)
        await session.flush()
        hall = await session.scalar(select(LocationRow.id).where(LocationRow.name == "Hall 1"))
        if hall is not None:
            session.add(NotificationTargetRow(notificationid=notices[0].id, locationid=hall))
        switch = await session.scalar(select(AssetRow.id).where(AssetRow.kind == "networkdevice")
                                      .order_by(AssetRow.id).limit(1))
        if switch is not None:
            session.add(NotificationTargetRow(notificationid=notices[1].id, assetid=switch))
        await session.flush()


plugin = NotificationsPlugin()
