"""Admission: a worker runs at most N GraphQL operations at once; the rest wait their turn
in arrival order (``SHOPDB_MAX_CONCURRENT_REQUESTS``, docs/PERFORMANCE.md).

Without it a worker interleaves every request it accepted on one event loop: under 50
clients about 25 each, all advancing a little at a time, all finishing late, 20 of them
holding database connections. With a small N the same work finishes sooner, in order.

A place is held only while the operation works on this worker:

- the request body is read before a place is taken, so a client trickling its body holds
  none (the body is bounded by ``SHOPDB_MAX_BODY_BYTES``);
- the place is given back when the answer starts, so a client reading slowly holds none;
- work that waits on another system (a directory sign-in) runs in :func:`outside`, which
  gives the place back meanwhile and queues again for it afterwards.

Each answer says how long it queued and ran: ``Server-Timing: queue;dur=<ms>, run;dur=<ms>``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class _Place:
    """One request's hold on the gate; given back at most once for good."""

    def __init__(self, gate: asyncio.Semaphore) -> None:
        self.gate = gate
        self.holding = False
        self.finished = False
        self.away = 0  # how many of the request's tasks are waiting outside

    async def take(self) -> None:
        await self.gate.acquire()
        self.holding = True

    def give_back(self) -> None:
        if self.holding:
            self.holding = False
            self.gate.release()


log = logging.getLogger(__name__)

_PLACE: ContextVar[_Place | None] = ContextVar("shopdb_admission_place", default=None)

#: An answer streamed over time keeps its sessions until it ends (none does today:
#: subscriptions run over the WebSocket, which is not admitted).
_STREAMING = (b"multipart/mixed", b"text/event-stream")


class Admission:
    """Gate HTTP requests to ``app`` so that at most ``limit`` run at once.

    ``before_release(scope)`` runs when the answer starts, before the place is given back
    (the caller closes the request's database sessions there, so the next request's
    connection is not taken while this one still holds its own)."""

    def __init__(self, limit: int, before_release: Callable[[Scope], Awaitable[None]]) -> None:
        self.limit = limit
        self.before_release = before_release
        self._gate: asyncio.Semaphore | None = None  # made on the worker's own event loop

    async def __call__(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        if self._gate is None:
            self._gate = asyncio.Semaphore(self.limit)
        body = await _read_body(receive) if scope.get("method") == "POST" else []
        arrived = time.perf_counter()

        async def replay() -> Message:
            return body.pop(0) if body else await receive()

        place = _Place(self._gate)

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start" and not place.finished:
                place.finished = True
                headers = list(message.get("headers") or [])
                content_type = dict(headers).get(b"content-type", b"")
                try:
                    if not content_type.startswith(_STREAMING):
                        await self.before_release(scope)
                except Exception:  # the answer is ready: it still goes out
                    log.warning("closing a request's sessions failed", exc_info=True)
                finally:
                    place.give_back()
                # How long the request waited for a place and then ran (ms), for clients'
                # and load tests' eyes: a slow answer is either queued or slow itself.
                timing = f"queue;dur={(admitted - arrived) * 1000:.1f}, " \
                         f"run;dur={(time.perf_counter() - admitted) * 1000:.1f}"
                message = {**message, "headers": [*headers, (b"server-timing", timing.encode())]}
            await send(message)

        await place.take()
        admitted = time.perf_counter()
        token = _PLACE.set(place)
        try:
            await app(scope, replay, answer)
        finally:
            place.finished = True
            place.give_back()
            _PLACE.reset(token)


async def _read_body(receive: Receive) -> list[Message]:
    """Every message of the request body (or up to the client's disconnect)."""
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


@asynccontextmanager
async def outside() -> AsyncIterator[None]:
    """Wait on another system without holding an admission place: the place is given back
    for the wait and taken again (in turn) after it. A no-op outside an admitted request."""
    place = _PLACE.get()
    if place is None or place.finished:
        yield
        return
    place.away += 1
    if place.away == 1:
        place.give_back()
    try:
        yield
    finally:
        place.away -= 1
        if place.away == 0 and not place.finished:
            await place.take()
