"""Live notice events on every worker process, without a message broker.

Each process runs one poller per database (an asyncio task, started when the first
subscriber arrives and stopped when the last leaves). Every ``POLL_SECONDS``, and at once
when a notice change commits in this process (core's event bus: the plugin's ``on_event``
pokes it), it reads the
notices that can still change state (not ended more than ``WINDOW`` ago), compares them
with the previous read and fans the events out to this process's subscribers through
their queues. Every worker reads the same table, so every worker's subscribers get every
event: a change made through worker A reaches sockets on worker B within a poll.

Events: ACTIVATED when a notice becomes active (created active, start time reached, or
edited into its window), ENDED when it leaves it (end time reached or edited), UPDATED
when it is edited otherwise, DELETED when it disappears.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from shopdb_gql.plugins import utcnow

from .models import NotificationRow
from .types import Notice, NotificationEventKind

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
WINDOW = timedelta(hours=1)
QUEUE_SIZE = 100

Event = tuple[NotificationEventKind, Notice, datetime]


def diff(before: dict[int, Notice], then: datetime, after: dict[int, Notice],
         now: datetime) -> list[Event]:
    """The events between two reads of the notices (``then`` and ``now`` the read times)."""
    events: list[Event] = []
    for id_, notice in sorted(after.items()):
        active = notice.active_at(now)
        old = before.get(id_)
        if old is None:
            if active:
                events.append((NotificationEventKind.ACTIVATED, notice, now))
            continue
        was_active = old.active_at(then)
        if active and not was_active:
            events.append((NotificationEventKind.ACTIVATED, notice, now))
        elif was_active and not active:
            events.append((NotificationEventKind.ENDED, notice, now))
        elif old != notice:
            events.append((NotificationEventKind.UPDATED, notice, now))
    for id_ in sorted(set(before) - set(after)):
        events.append((NotificationEventKind.DELETED, before[id_], now))
    return events


class NotificationHub:
    """The poller and the subscriber queues of one process, for one database."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.queues: set[asyncio.Queue[Event]] = set()
        self.task: asyncio.Task[None] | None = None
        self.lock = asyncio.Lock()
        self.snapshot: dict[int, Notice] = {}
        self.read_at = utcnow()
        self.nudged = asyncio.Event()

    async def subscribe(self) -> asyncio.Queue[Event]:
        """A queue receiving every event from now on; starts the poller if none runs."""
        queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_SIZE)
        async with self.lock:
            if self.task is None or self.task.done():
                self.read_at = utcnow()
                self.snapshot = await self._read(self.read_at)
                self.task = asyncio.create_task(self._run(), name="notifications-poller")
            self.queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Event]) -> None:
        """Forget ``queue``; the poller stops with the last subscriber."""
        self.queues.discard(queue)
        if not self.queues and self.task is not None:
            self.task.cancel()
            self.task = None

    async def _read(self, now: datetime, extra_ids: Iterable[int] = ()) -> dict[int, Notice]:
        row = NotificationRow
        recent = or_(row.endsat.is_(None), row.endsat > now - WINDOW)
        ids = list(extra_ids)
        condition = or_(recent, row.id.in_(ids)) if ids else recent
        async with self.db.session() as session:
            rows = (await session.scalars(select(row).where(condition))).all()
        return {r.id: Notice.from_row(r) for r in rows}

    async def poll_once(self) -> list[Event]:
        """Read, compare with the last read, publish. Returns the events (for tests)."""
        now = utcnow()
        # Notices that left the window still exist: read them once more so that they are
        # not mistaken for deleted ones.
        current = await self._read(now, extra_ids=self.snapshot.keys())
        events = diff(self.snapshot, self.read_at, current, now)
        self.snapshot = {i: n for i, n in current.items()
                         if n.endsat is None or n.endsat > now - WINDOW}
        self.read_at = now
        for event in events:
            self.publish(event)
        return events

    def publish(self, event: Event) -> None:
        for queue in list(self.queues):
            if queue.full():  # a stalled subscriber loses its oldest event, not the others'
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(event)

    def poke(self) -> None:
        """A notice changed in this process: read now rather than at the next poll."""
        self.nudged.set()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.nudged.wait(), timeout=POLL_SECONDS)
            self.nudged.clear()
            try:
                await self.poll_once()
            except Exception:  # keep polling whatever one round does
                log.exception("notifications poll failed")


_hubs: weakref.WeakKeyDictionary[Any, NotificationHub] = weakref.WeakKeyDictionary()


def poke_running() -> None:
    """Nudge the hubs polling on this event loop (a notice change was just committed)."""
    loop = asyncio.get_running_loop()
    for hub in list(_hubs.values()):
        if hub.task is not None and not hub.task.done() and hub.task.get_loop() is loop:
            hub.poke()


def hub_for(db: Any) -> NotificationHub:
    """The hub of this process for ``db`` (one per database, created on first use)."""
    hub = _hubs.get(db)
    if hub is None:
        hub = _hubs[db] = NotificationHub(db)
    return hub
