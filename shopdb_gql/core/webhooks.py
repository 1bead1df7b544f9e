"""Webhooks for admins: register a URL for event types, see each delivery, send a test.

Events come from core/events.py (written with the change, as an outbox) and are sent by
core/delivery.py. docs/WEBHOOKS.md has the receiving side (body, headers, signature).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any, cast
from urllib.parse import urlsplit

import strawberry
from sqlalchemy import select
from strawberry.scalars import JSON
from strawberry.types import Info

from shopdb_gql.auth.permissions import IsAdmin
from shopdb_gql.core import events
from shopdb_gql.core.delivery import forbidden_address
from shopdb_gql.core.editing import get_or_fail
from shopdb_gql.core.models import Webhook as WebhookRow
from shopdb_gql.core.models import WebhookDelivery as DeliveryRow
from shopdb_gql.db.base import utcnow
from shopdb_gql.graphql.context import Context
from shopdb_gql.graphql.errors import ErrorCode, PayloadErrors, UserError, user_error
from shopdb_gql.graphql.mutations import Tx, perform

MAX_DELIVERIES = 200


@strawberry.type(description="An event type a webhook can subscribe to.")
class WebhookEventType:
    name: str = strawberry.field(description="e.g. `asset.updated`.")
    description: str = strawberry.field(description="When it happens.")


@strawberry.type(description="Where events of chosen types are POSTed, signed (docs/WEBHOOKS.md).")
class Webhook:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    name: str = strawberry.field(description="What it is for.")
    url: str = strawberry.field(description="Where deliveries are POSTed.")
    events: list[str] = strawberry.field(description="Event types it gets.")
    is_active: bool = strawberry.field(description="Off: nothing new is queued or sent.")
    created_at: datetime = strawberry.field(description="When it was registered (UTC).")

    @classmethod
    def from_row(cls, row: WebhookRow) -> Webhook:
        return cls(id=strawberry.ID(str(row.id)), name=row.name, url=row.url,
                   events=list(row.eventtypes or []), is_active=row.isactive,
                   created_at=row.createdat)


@strawberry.type(description="One event sent (or being sent) to one webhook.")
class WebhookDelivery:
    id: strawberry.ID = strawberry.field(description="Also in the X-Shopdb-Delivery header.")
    webhook_id: strawberry.ID = strawberry.field(description="The webhook.")
    event_id: str = strawberry.field(description="The event's id (the body's `id`).")
    event_type: str = strawberry.field(description="e.g. `asset.created`.")
    status: str = strawberry.field(description="`pending`, `delivered` or `failed`.")
    attempts: int = strawberry.field(description="Attempts so far.")
    response_code: int | None = strawberry.field(description="HTTP status of the last attempt.")
    error: str | None = strawberry.field(description="Why the last attempt failed.")
    created_at: datetime = strawberry.field(description="When the event happened (UTC).")
    last_attempt_at: datetime | None = strawberry.field(description="The last attempt (UTC).")
    next_attempt_at: datetime | None = strawberry.field(description="The next attempt (UTC).")
    delivered_at: datetime | None = strawberry.field(description="When it was delivered.")
    payload: JSON = strawberry.field(description="The body sent.")

    @classmethod
    def from_row(cls, row: DeliveryRow) -> WebhookDelivery:
        return cls(id=strawberry.ID(str(row.id)), webhook_id=strawberry.ID(str(row.webhookid)),
                   event_id=row.eventid, event_type=row.eventtype, status=row.status,
                   attempts=row.attempts, response_code=row.responsecode, error=row.error,
                   created_at=row.createdat, last_attempt_at=row.lastattemptat,
                   next_attempt_at=row.nextattemptat, delivered_at=row.deliveredat,
                   payload=cast(JSON, row.payload))


@strawberry.input(description="A webhook to register.")
class WebhookInput:
    name: str = strawberry.field(description="What it is for.")
    url: str = strawberry.field(description="An http:// or https:// URL.")
    events: list[str] = strawberry.field(description="Event types (see `webhookEventTypes`).")
    secret: str | None = strawberry.field(default=None, description=(
        "The signing secret (16-128 characters); omitted: one is made and returned once."))
    is_active: bool = strawberry.field(default=True, description="Start delivering now.")


@strawberry.input(description="Changes to a webhook; absent fields stay.")
class WebhookUpdateInput:
    name: str | None = strawberry.field(default=None, description="What it is for.")
    url: str | None = strawberry.field(default=None, description="An http(s) URL.")
    events: list[str] | None = strawberry.field(default=None, description="Event types.")
    is_active: bool | None = strawberry.field(default=None, description="On or off.")


@strawberry.type(description="Result of a webhook mutation.")
class WebhookPayload:
    webhook: Webhook | None = None
    secret: str | None = strawberry.field(default=None, description=(
        "The signing secret, only when this mutation made one: keep it now."))
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="Result of deleting a webhook (its delivery log goes with it).")
class WebhookDeletePayload:
    deleted_id: strawberry.ID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="Result of queueing a delivery (a test or a retry).")
class WebhookDeliveryPayload:
    delivery: WebhookDelivery | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


def _check_url(url: str, settings: Any) -> str:
    value = url.strip()
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if not settings.webhook_allow_loopback and (
            forbidden_address(host) or host == "localhost" or host.endswith(".localhost")):
        raise PayloadErrors(user_error(ErrorCode.INVALID, "Not to this server or a link-local "
                                       "address (SHOPDB_WEBHOOK_ALLOW_LOOPBACK)", "input", "url"))
    if parts.scheme not in ("http", "https") or not parts.hostname or len(value) > 500:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "An http:// or https:// URL with a "
                                       "host, at most 500 characters", "input", "url"))
    if parts.username or parts.password:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "No credentials in the URL: the "
                                       "signature proves where a delivery comes from",
                                       "input", "url"))
    return value


def _check_events(kinds: list[str]) -> list[str]:
    unknown = [k for k in kinds if k not in events.EVENT_TYPES]
    if unknown or not kinds:
        raise PayloadErrors(user_error(
            ErrorCode.INVALID, f"Unknown event type {unknown[0]!r}" if unknown
            else "Choose at least one event type", "input", "events"))
    return sorted(set(kinds))


def _check_name(name: str) -> str:
    value = " ".join(name.split())
    if not value or len(value) > 120:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "A name of 1-120 characters",
                                       "input", "name"))
    return value


@strawberry.type
class WebhookQuery:
    @strawberry.field(description="Registered webhooks (admin).", permission_classes=[IsAdmin])
    async def webhooks(self, info: Info[Context, Any]) -> list[Webhook]:
        rows = await info.context.session.scalars(select(WebhookRow).order_by(WebhookRow.id))
        return [Webhook.from_row(r) for r in rows]

    @strawberry.field(description="The event types webhooks can subscribe to (admin).",
                      permission_classes=[IsAdmin])
    def webhook_event_types(self) -> list[WebhookEventType]:
        return [WebhookEventType(name=k, description=v) for k, v in events.EVENT_TYPES.items()]

    @strawberry.field(description=(
        "The delivery log, newest first (admin): a webhook's, or all; `status` narrows it."),
        permission_classes=[IsAdmin])
    async def webhook_deliveries(self, info: Info[Context, Any], webhook_id: strawberry.ID | None = None,
                                 status: str | None = None, first: int = 50) -> list[WebhookDelivery]:
        query = select(DeliveryRow).order_by(DeliveryRow.id.desc()).limit(
            max(1, min(first, MAX_DELIVERIES)))
        if webhook_id is not None:
            query = query.where(DeliveryRow.webhookid == _id(webhook_id))
        if status is not None:
            query = query.where(DeliveryRow.status == status)
        rows = await info.context.session.scalars(query)
        return [WebhookDelivery.from_row(r) for r in rows]


def _id(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(description="Register a webhook (admin).", permission_classes=[IsAdmin])
    async def create_webhook(self, info: Info[Context, Any], input: WebhookInput) -> WebhookPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            made = input.secret is None
            secret = secrets.token_urlsafe(32) if made else (input.secret or "")
            if not 16 <= len(secret) <= 128:
                raise PayloadErrors(user_error(ErrorCode.INVALID, "A secret of 16-128 "
                                               "characters", "input", "secret"))
            url = _check_url(input.url, tx.info.context.settings)
            row = WebhookRow(name=_check_name(input.name), url=url, secret=secret,
                             eventtypes=_check_events(input.events), isactive=input.is_active,
                             createdbyid=tx.actor.id)
            tx.session.add(row)
            await tx.session.flush()
            await tx.audit("create", "webhook", row.id, {
                "url": {"old": None, "new": row.url},
                "eventtypes": {"old": None, "new": row.eventtypes}}, summary=row.name)
            return {"webhook": Webhook.from_row(row), "secret": secret if made else None}

        payload = await perform(info, WebhookPayload, work)
        events.subscriptions.forget()
        return payload

    @strawberry.mutation(description="Change a webhook (admin).", permission_classes=[IsAdmin])
    async def update_webhook(self, info: Info[Context, Any], id: strawberry.ID,
                             input: WebhookUpdateInput) -> WebhookPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await get_or_fail(tx.session, WebhookRow, id, "webhook")
            changes: dict[str, dict[str, Any]] = {}
            values: dict[str, Any] = {}
            if input.name is not None:
                values["name"] = _check_name(input.name)
            if input.url is not None:
                values["url"] = _check_url(input.url, tx.info.context.settings)
            if input.events is not None:
                values["eventtypes"] = _check_events(input.events)
            if input.is_active is not None:
                values["isactive"] = input.is_active
            for column, value in values.items():
                if getattr(row, column) != value:
                    changes[column] = {"old": getattr(row, column), "new": value}
                    setattr(row, column, value)
            if changes:
                await tx.audit("update", "webhook", row.id, changes, summary=row.name)
            return {"webhook": Webhook.from_row(row)}

        payload = await perform(info, WebhookPayload, work)
        events.subscriptions.forget()
        return payload

    @strawberry.mutation(description="Delete a webhook and its delivery log (admin).",
                         permission_classes=[IsAdmin])
    async def delete_webhook(self, info: Info[Context, Any], id: strawberry.ID) -> WebhookDeletePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await get_or_fail(tx.session, WebhookRow, id, "webhook")
            await tx.audit("delete", "webhook", row.id, {"url": {"old": row.url, "new": None}},
                           summary=row.name)
            await tx.session.delete(row)
            return {"deleted_id": strawberry.ID(str(row.id))}

        payload = await perform(info, WebhookDeletePayload, work)
        events.subscriptions.forget()
        return payload

    @strawberry.mutation(description=(
        "Queue a `webhook.ping` delivery to a webhook now, to try the receiver (admin)."),
        permission_classes=[IsAdmin])
    async def ping_webhook(self, info: Info[Context, Any], id: strawberry.ID) -> WebhookDeliveryPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await get_or_fail(tx.session, WebhookRow, id, "webhook")
            happened = events.Event("webhook.ping", {"webhook": str(row.id), "name": row.name,
                                                     "actor": tx.actor.name})
            delivery = DeliveryRow(webhookid=row.id, eventid=happened.id,
                                   eventtype=happened.type, payload=happened.body(),
                                   status="pending", attempts=0, nextattemptat=happened.at)
            tx.session.add(delivery)
            await tx.session.flush()
            return {"delivery": WebhookDelivery.from_row(delivery)}

        payload = await perform(info, WebhookDeliveryPayload, work)
        _wake(info)
        return payload

    @strawberry.mutation(description=(
        "Send a delivery again now, whatever its state (admin): a fresh set of attempts."),
        permission_classes=[IsAdmin])
    async def redeliver_webhook_delivery(self, info: Info[Context, Any],
                                         id: strawberry.ID) -> WebhookDeliveryPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await get_or_fail(tx.session, DeliveryRow, id, "delivery")
            row.status, row.attempts, row.error, row.responsecode = "pending", 0, None, None
            row.nextattemptat, row.claimeduntil, row.deliveredat = utcnow(), None, None
            await tx.session.flush()
            return {"delivery": WebhookDelivery.from_row(row)}

        payload = await perform(info, WebhookDeliveryPayload, work)
        _wake(info)
        return payload


def _wake(info: Info[Context, Any]) -> None:
    """The sender of this process looks at once (it polls every second anyway)."""
    wake = getattr(info.context.runtime, "wake_deliveries", None)
    if callable(wake):
        wake()
