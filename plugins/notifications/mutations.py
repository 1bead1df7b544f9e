"""Notice mutations (write scope), each audited as object type ``notification``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import delete, select
from strawberry.types import Info

from shopdb_gql.plugins import (
    AssetRow,
    CanWrite,
    Context,
    ErrorCode,
    LocationRow,
    PayloadErrors,
    Tx,
    UserError,
    get_or_fail,
    perform,
    user_error,
    utcnow,
)

from .models import NotificationRow, NotificationTargetRow
from .types import Notification, Severity

UNSET: Any = strawberry.UNSET
COLUMNS = ("title", "message", "severity", "startsat", "endsat")


@strawberry.input(description="A new notice.")
class NotificationInput:
    title: str = strawberry.field(description="Headline (1-200 characters).")
    message: str = strawberry.field(description="The notice itself.")
    severity: Severity = strawberry.field(default=Severity.INFO, description="How serious.")
    starts_at: datetime | None = strawberry.field(default=None, description="Start (default: now).")
    ends_at: datetime | None = strawberry.field(default=None, description="End (null: open).")
    location_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Site areas concerned.")
    asset_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Assets concerned.")


@strawberry.input(description="Changes to a notice; omitted fields stay, null clears.")
class NotificationUpdateInput:
    title: str | None = strawberry.field(default=UNSET, description="Headline.")
    message: str | None = strawberry.field(default=UNSET, description="The notice itself.")
    severity: Severity | None = strawberry.field(default=UNSET, description="How serious.")
    starts_at: datetime | None = strawberry.field(default=UNSET, description="Start.")
    ends_at: datetime | None = strawberry.field(default=UNSET, description="End (null: open).")
    location_ids: list[strawberry.ID] | None = strawberry.field(
        default=UNSET, description="Site areas concerned (replaces the list).")
    asset_ids: list[strawberry.ID] | None = strawberry.field(
        default=UNSET, description="Assets concerned (replaces the list).")


@strawberry.type(description="Result of a notice mutation.")
class NotificationPayload:
    notification: Notification | None = strawberry.field(default=None, description="The notice, after.")
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type(description="Result of deleting a notice.")
class DeleteNotificationPayload:
    deleted_id: strawberry.ID | None = strawberry.field(default=None, description="What was deleted.")
    errors: list[UserError] = strawberry.field(description="Why the delete was refused.")


def _required(field: str, message: str) -> PayloadErrors:
    return PayloadErrors(user_error(ErrorCode.REQUIRED, message, "input", field))


def _aware(value: datetime, field: str) -> datetime:
    if value.tzinfo is None:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "Give a time zone (e.g. Z or +01:00)",
                                       "input", field))
    return value


def notice_values(data: Any, row: NotificationRow | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if data.title is not UNSET:
        title = (data.title or "").strip()
        if not title:
            raise _required("title", "A title is required")
        if len(title) > 200:
            raise PayloadErrors(user_error(ErrorCode.INVALID, "At most 200 characters",
                                           "input", "title"))
        values["title"] = title
    if data.message is not UNSET:
        message = (data.message or "").strip()
        if not message:
            raise _required("message", "A message is required")
        values["message"] = message
    if data.severity is not UNSET:
        values["severity"] = (data.severity or Severity.INFO).value
    if data.starts_at is not UNSET:
        values["startsat"] = _aware(data.starts_at, "startsAt") if data.starts_at else utcnow()
    if data.ends_at is not UNSET:
        values["endsat"] = _aware(data.ends_at, "endsAt") if data.ends_at else None
    starts = values.get("startsat", row.startsat if row else None)
    ends = values.get("endsat", row.endsat if row else None)
    if starts is not None and ends is not None and ends <= starts:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "The end must be after the start",
                                       "input", "endsAt"))
    return values


async def set_targets(tx: Tx, notice: NotificationRow, location_ids: list[strawberry.ID] | None,
                      asset_ids: list[strawberry.ID] | None) -> dict[str, dict[str, Any]]:
    """Replace the given target lists; returns audit changes (``locations``/``assets``)."""
    target = NotificationTargetRow
    current = (await tx.session.scalars(select(target).where(target.notificationid == notice.id)
                                        .order_by(target.id))).all()
    changes: dict[str, dict[str, Any]] = {}
    for ids, column, model, what, field in ((location_ids, "locationid", LocationRow, "location",
                                             "locationIds"),
                                            (asset_ids, "assetid", AssetRow, "asset", "assetIds")):
        if ids is None:
            continue
        wanted: list[int] = []
        for index, value in enumerate(ids):
            row = await get_or_fail(tx.session, model, value, what, "input", field, str(index))
            if row.id not in wanted:
                wanted.append(row.id)
        old = [getattr(t, column) for t in current if getattr(t, column) is not None]
        if old == wanted:
            continue
        await tx.session.execute(delete(target).where(target.notificationid == notice.id,
                                                      getattr(target, column).isnot(None)))
        tx.session.add_all(target(notificationid=notice.id, **{column: i}) for i in wanted)
        changes[f"{what}s"] = {"old": old, "new": wanted}
    return changes


@strawberry.type
class NotificationMutation:
    @strawberry.mutation(description="Create a notice.", permission_classes=[CanWrite])
    async def create_notification(self, info: Info[Context, Any],
                                  input: NotificationInput) -> NotificationPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            values = notice_values(input, None)
            values.setdefault("startsat", utcnow())
            now = utcnow()
            row = NotificationRow(createdat=now, updatedat=now, createdby=tx.actor.name, **values)
            tx.session.add(row)
            await tx.session.flush()
            changes = {c: {"old": None, "new": _json(getattr(row, c))} for c in COLUMNS
                       if getattr(row, c) is not None}
            changes.update(await set_targets(tx, row, input.location_ids, input.asset_ids))
            await tx.audit("create", "notification", row.id, changes, summary=row.title)
            return {"notification": Notification.from_row(row)}

        return await perform(info, NotificationPayload, work)

    @strawberry.mutation(description="Change a notice.", permission_classes=[CanWrite])
    async def update_notification(self, info: Info[Context, Any], id: strawberry.ID,
                                  input: NotificationUpdateInput) -> NotificationPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row: NotificationRow = await get_or_fail(tx.session, NotificationRow, id, "notification")
            changes: dict[str, dict[str, Any]] = {}
            for column, new in notice_values(input, row).items():
                if getattr(row, column) != new:
                    changes[column] = {"old": _json(getattr(row, column)), "new": _json(new)}
                    setattr(row, column, new)
            changes.update(await set_targets(
                tx, row, None if input.location_ids is UNSET else input.location_ids or [],
                None if input.asset_ids is UNSET else input.asset_ids or []))
            if changes:
                row.updatedat = utcnow()
                await tx.audit("update", "notification", row.id, changes, summary=row.title)
            await tx.session.flush()
            return {"notification": Notification.from_row(row)}

        return await perform(info, NotificationPayload, work)

    @strawberry.mutation(description="Delete a notice.", permission_classes=[CanWrite])
    async def delete_notification(self, info: Info[Context, Any],
                                  id: strawberry.ID) -> DeleteNotificationPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row: NotificationRow = await get_or_fail(tx.session, NotificationRow, id, "notification")
            old = {c: {"old": _json(getattr(row, c)), "new": None} for c in COLUMNS
                   if getattr(row, c) is not None}
            await tx.audit("delete", "notification", row.id, old, summary=row.title)
            target = NotificationTargetRow
            await tx.session.execute(delete(target).where(target.notificationid == row.id))
            await tx.session.delete(row)
            return {"deleted_id": strawberry.ID(str(row.id))}

        return await perform(info, DeleteNotificationPayload, work)


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
