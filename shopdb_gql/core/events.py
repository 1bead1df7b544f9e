"""Events out: what changed, told after it committed.

Every change is audited (core/audit.py); auditing an asset or location change, a plugin
toggle, or the end of an ingest batch also emits an :class:`Event` into the session. When
the transaction commits, this process's listeners get the events (each in a task of its
own, so a slow listener never holds up the request); when it rolls back they are dropped.
The notifications plugin and plugins' ``on_event`` hooks listen this way (runtime.py).

Webhooks do not wait for the commit: emitting writes one delivery row per matching active
webhook into the same transaction (an outbox), so a delivery exists exactly when its change
does, whichever worker sends it (core/delivery.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from shopdb_gql.core.models import Webhook, WebhookDelivery
from shopdb_gql.db.base import utcnow
from shopdb_gql.db.engine import IN_BACKGROUND

log = logging.getLogger(__name__)

#: Every event type, with what it means (the admin UI offers these).
EVENT_TYPES: dict[str, str] = {
    "asset.created": "An asset was created (UI, API, ingest or import)",
    "asset.updated": "An asset's fields, status, place or links changed",
    "asset.deleted": "An asset was deleted",
    "location.created": "A location was created",
    "location.updated": "A location changed",
    "location.deleted": "A location was deleted",
    "ingest.batch_done": "A collector's ingest batch finished (counts per result)",
    "plugin.toggled": "An admin enabled or disabled a plugin",
    "webhook.ping": "A test delivery an admin asked for",
}
_PAST = {"create": "created", "update": "updated", "delete": "deleted"}
_PENDING = "shopdb.events"
_OUTBOX = "shopdb.deliveries"


@dataclass(frozen=True)
class Event:
    """Something that happened: ``type`` (see :data:`EVENT_TYPES`), when, and its data."""

    type: str
    data: dict[str, Any]
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    at: datetime = field(default_factory=utcnow)

    def body(self) -> dict[str, Any]:
        """The JSON a webhook receives."""
        return {"id": self.id, "type": self.type, "occurredAt": self.at.isoformat(),
                "data": self.data}


Listener = Callable[[Event], Coroutine[Any, Any, None]]
#: Listeners with the event loop they were registered on: a commit tells the listeners of
#: its own loop (one server per process in production; tests run several, one per thread).
_listeners: list[tuple[Listener, asyncio.AbstractEventLoop]] = []


def listen(listener: Listener) -> Callable[[], None]:
    """Call ``listener`` with each event committed on this event loop; returns its remover.
    Must be called from the loop (a server's startup)."""
    entry = (listener, asyncio.get_running_loop())
    _listeners.append(entry)
    return lambda: _listeners.remove(entry) if entry in _listeners else None


class _Subscriptions:
    """Active webhooks by event type, read at most once a second per process and database
    (a process serves one database; tests run several)."""

    def __init__(self) -> None:
        self._read: dict[str, tuple[float, dict[str, list[int]]]] = {}

    def forget(self) -> None:
        self._read.clear()

    async def for_type(self, session: AsyncSession, event_type: str) -> list[int]:
        bind = session.get_bind()
        database = str(bind.engine.url)
        read_at, by_type = self._read.get(database, (-1.0, {}))
        if time.monotonic() - read_at >= 1.0:
            rows = (await session.execute(select(Webhook.id, Webhook.eventtypes)
                                          .where(Webhook.isactive))).all()
            by_type = {}
            for hook_id, types in rows:
                for kind in types or []:
                    by_type.setdefault(str(kind), []).append(int(hook_id))
            self._read[database] = (time.monotonic(), by_type)
        return by_type.get(event_type, [])


subscriptions = _Subscriptions()


async def emit(session: AsyncSession, event_type: str, data: dict[str, Any]) -> Event:
    """Record ``event_type`` in ``session``'s transaction: webhook deliveries now, this
    process's listeners once it commits."""
    happened = Event(event_type, data)
    for hook_id in await subscriptions.for_type(session, event_type):
        session.sync_session.info[_OUTBOX] = True
        session.add(WebhookDelivery(webhookid=hook_id, eventid=happened.id,
                                    eventtype=event_type, payload=happened.body(),
                                    status="pending", attempts=0, nextattemptat=happened.at))
    if _listeners:
        session.sync_session.info.setdefault(_PENDING, []).append(happened)
    return happened


async def emit_many(session: AsyncSession, items: list[tuple[str, dict[str, Any]]]) -> None:
    """:func:`emit` for many events at once (an ingest batch): one insert for the outbox."""
    happened = [Event(kind, data) for kind, data in items]
    rows = [{"webhookid": hook_id, "eventid": e.id, "eventtype": e.type, "payload": e.body(),
             "status": "pending", "attempts": 0, "nextattemptat": e.at, "createdat": e.at}
            for e in happened for hook_id in await subscriptions.for_type(session, e.type)]
    if rows:
        session.sync_session.info[_OUTBOX] = True
        await session.execute(insert(WebhookDelivery), rows)
    if _listeners and happened:
        session.sync_session.info.setdefault(_PENDING, []).extend(happened)


def mark(session: AsyncSession) -> int:
    """Where the session's pending events stand, before a savepoint that may roll back."""
    return len(session.sync_session.info.get(_PENDING, []))


def forget_since(session: AsyncSession, position: int) -> None:
    """Drop the events emitted since :func:`mark` (their savepoint rolled back)."""
    pending = session.sync_session.info.get(_PENDING)
    if pending is not None:
        del pending[position:]


def audit_data(object_type: str, object_id: object, action: str, changes: Any, actor: str,
               source: str, summary: str | None, batch_id: str | None) -> dict[str, Any]:
    """An audited change as event data."""
    return {"objectType": object_type, "id": str(object_id), "action": action,
            "summary": summary, "changes": changes or {}, "actor": actor, "source": source,
            "batchId": batch_id}


def past(action: str) -> str | None:
    """``create`` -> ``created`` (the audit action as an event's verb), else None."""
    return _PAST.get(action)


#: Audited objects no event tells about: accounts, tokens, logins and settings stay in
#: the admins' audit log.
PRIVATE_OBJECTS = ("user", "apitoken", "login", "setting", "webhook")


def audited(object_type: str, action: str) -> str | None:
    """The event type an audit entry stands for (``asset.updated``, a plugin's
    ``notification.created``), or None. Webhooks take the types in :data:`EVENT_TYPES`."""
    if object_type == "plugin":
        return "plugin.toggled" if action in ("enable", "disable") else None
    if object_type in PRIVATE_OBJECTS or action not in _PAST:
        return None
    return f"{object_type}.{_PAST[action]}"


#: Called (on their loop) after a commit that wrote webhook deliveries: the sender.
_wakers: list[tuple[Callable[[], None], asyncio.AbstractEventLoop]] = []


def on_deliveries(waker: Callable[[], None]) -> Callable[[], None]:
    """Call ``waker`` after each commit on this loop that wrote webhook deliveries."""
    entry = (waker, asyncio.get_running_loop())
    _wakers.append(entry)
    return lambda: _wakers.remove(entry) if entry in _wakers else None


@sa_event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    pending: list[Event] = session.info.pop(_PENDING, [])
    wrote = session.info.pop(_OUTBOX, False)
    if not (pending and _listeners) and not (wrote and _wakers):
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # a synchronous session outside the server (migrations, scripts)
        return
    if wrote:
        for waker, home in list(_wakers):
            if home is loop:
                loop.call_soon(waker)
    if not pending:
        return
    for listener, home in list(_listeners):
        if home is loop:  # one task per listener and commit (an ingest batch: 1,000 events)
            loop.call_soon(_start, loop, listener, pending)


def _start(loop: asyncio.AbstractEventLoop, listener: Listener, pending: list[Event]) -> None:
    task = loop.create_task(_tell(listener, pending))
    _running.add(task)
    task.add_done_callback(_finished)


async def _tell(listener: Listener, pending: list[Event]) -> None:
    IN_BACKGROUND.set(True)  # this task's own context: no request waits for it
    for happened in pending:
        try:
            await listener(happened)
        except Exception:
            log.exception("an event listener failed on %s", happened.type)


_running: set[asyncio.Task[None]] = set()


def _finished(task: asyncio.Task[None]) -> None:
    _running.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.error("an event listener failed", exc_info=task.exception())


@sa_event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_OUTBOX, None)


@sa_event.listens_for(Session, "after_soft_rollback")
def _soft_rolled_back(session: Session, previous_transaction: Any) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_OUTBOX, None)
