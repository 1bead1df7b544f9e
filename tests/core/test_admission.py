"""Admission: with ``SHOPDB_MAX_CONCURRENT_REQUESTS`` a worker runs at most that many GraphQL
operations at once and queues the rest in arrival order (the pool's connections checked out
at once are the measure, not time); every request is still answered, and clients that send
or read slowly hold no place (graphql/admission.py). Directory sign-ins waiting on an LDAP
server that does not answer hold none either: tests/test_ldap.py's outage burst runs with
the default limit."""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
from sqlalchemy import event
from starlette.types import Message, Receive, Scope, Send

from shopdb_gql.auth.current import CHECKING_ACCOUNT
from shopdb_gql.db.engine import IN_BACKGROUND
from shopdb_gql.graphql.admission import Admission, outside
from shopdb_gql.settings import Settings
from tests import harness

LIST = "{ assets(first: 100) { nodes { id name status { name } location { name } } } }"


class Peak:
    """The most connections requests had checked out of the app's pool at once (the
    schema poller's and the account check's are not requests)."""

    def __init__(self) -> None:
        self.now = self.most = 0
        self.lock = threading.Lock()
        self.others: set[int] = set()

    def out(self, _dbapi: object, record: object, _proxy: object) -> None:
        with self.lock:
            if IN_BACKGROUND.get() or CHECKING_ACCOUNT.get():
                self.others.add(id(record))
                return
            self.now += 1
            self.most = max(self.most, self.now)

    def back(self, _dbapi: object, record: object) -> None:
        with self.lock:
            if id(record) in self.others:
                self.others.discard(id(record))
            else:
                self.now -= 1


def peak_under_load(server: harness.Server, client: harness.Client, requests: int = 24) -> int:
    peak = Peak()
    pool = server.runtime.db.sync_engine.pool
    event.listen(pool, "checkout", peak.out)
    event.listen(pool, "checkin", peak.back)
    try:
        with ThreadPoolExecutor(max_workers=requests) as threads:
            answers = list(threads.map(lambda _: client.data(LIST), range(requests)))
    finally:
        event.remove(pool, "checkout", peak.out)
        event.remove(pool, "checkin", peak.back)
    assert all(len(a["assets"]["nodes"]) > 0 for a in answers)
    return peak.most


@pytest.fixture(scope="module", params=[0, 2], ids=["no-limit", "limit-2"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[tuple[int, harness.Server, harness.Client]]:
    with harness.demo_site(tmp_path_factory.mktemp("admission"),
                           max_concurrent_requests=request.param) as (server, _, clients):
        yield request.param, server, clients["viewer"]


def test_a_limited_worker_runs_at_most_that_many_operations(
        site: tuple[int, harness.Server, harness.Client]) -> None:
    limit, server, viewer = site
    most = max(peak_under_load(server, viewer) for _ in range(3))
    if limit:
        assert most <= limit
    else:
        assert most > 2  # without a limit the same load overlaps (so the check above can fail)


def test_admission_is_on_by_default() -> None:
    assert Settings().max_concurrent_requests == 2


def _trickling(url: str, stack: ExitStack) -> socket.socket:
    """A client that announced a body and sent only its first bytes (and holds on)."""
    host, port = url.removeprefix("http://").split(":")
    conn = stack.enter_context(socket.create_connection((host, int(port)), timeout=5))
    head = (f"POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            "Content-Length: 10000\r\n\r\n")
    conn.sendall(head.encode() + b'{"query": ')
    return conn


def test_clients_trickling_their_bodies_hold_no_place(
        site: tuple[int, harness.Server, harness.Client]) -> None:
    limit, server, viewer = site
    with ExitStack() as stack:
        for _ in range(limit + 3):
            _trickling(server.url, stack)
        time.sleep(0.5)  # the server has taken them in (else this proves nothing)
        # Every place would be held by a body still coming: this request would wait until
        # the client's timeout instead of being answered.
        answer = viewer.data(LIST)
    assert answer["assets"]["nodes"]


def test_a_place_is_given_back_when_the_answer_starts() -> None:
    """A client reading its answer slowly (send blocks) does not keep the next one waiting;
    the request's sessions are closed before its place goes to the next."""
    events: list[str] = []

    async def run() -> None:
        reader_stuck = asyncio.Event()
        admission = Admission(1, lambda scope: _note(events, f"close {scope['n']}"))

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            events.append(f"run {scope['n']}")
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": b"{}"})

        async def slow_send(message: Message) -> None:
            if message["type"] == "http.response.body":
                await reader_stuck.wait()

        first = asyncio.create_task(admission(app, _request(1), _small_body, slow_send))
        await asyncio.sleep(0)
        await asyncio.wait_for(admission(app, _request(2), _small_body, _discard), timeout=5)
        reader_stuck.set()
        await first

    asyncio.run(run())
    assert events == ["run 1", "close 1", "run 2", "close 2"]


def test_waiting_outside_gives_the_place_to_the_next_request() -> None:
    order: list[str] = []

    async def run() -> None:
        directory_answers = asyncio.Event()
        admission = Admission(1, lambda scope: _note(order, f"answer {scope['n']}"))

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            order.append(f"start {scope['n']}")
            if scope["n"] == 1:
                async with outside():
                    await directory_answers.wait()
                order.append("back 1")
            else:
                directory_answers.set()
                await asyncio.sleep(0)
                order.append("end 2")
            await send({"type": "http.response.start", "status": 200,
                        "headers": []})

        first = asyncio.create_task(admission(app, _request(1, "GET"), _small_body, _discard))
        await asyncio.sleep(0)
        await asyncio.wait_for(admission(app, _request(2, "GET"), _small_body, _discard),
                               timeout=5)
        await asyncio.wait_for(first, timeout=5)

    asyncio.run(run())
    # Request 1 waited outside, 2 ran in its place and answered before 1 came back in.
    assert order == ["start 1", "start 2", "end 2", "answer 2", "back 1", "answer 1"]


async def _note(events: list[str], what: str) -> None:
    events.append(what)


def _request(n: int, method: str = "POST") -> Scope:
    return {"type": "http", "method": method, "n": n}


async def _small_body() -> Message:
    return {"type": "http.request", "body": b"{}", "more_body": False}


async def _discard(message: Message) -> None:
    return None


def test_answers_say_how_long_they_queued_and_ran(
        site: tuple[int, harness.Server, harness.Client]) -> None:
    limit, _, viewer = site
    timing = viewer.post(LIST).headers.get("server-timing")
    if limit:
        assert timing is not None
        found = re.fullmatch(r"queue;dur=(\d+\.\d), run;dur=(\d+\.\d)", timing)
        assert found, timing
        assert float(found[2]) > 0  # reading a page takes some time
    else:
        assert timing is None  # without admission nothing measures the queue


def test_an_answer_goes_out_and_the_place_back_when_closing_sessions_fails() -> None:
    sent: list[str] = []

    async def failing(scope: Scope) -> None:
        raise RuntimeError("connection lost while closing")

    async def run() -> None:
        admission = Admission(1, failing)

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"{}"})

        async def send(message: Message) -> None:
            sent.append(message["type"])

        for n in (1, 2):  # the second finds the place free
            await asyncio.wait_for(admission(app, _request(n), _small_body, send), timeout=5)

    asyncio.run(run())
    assert sent == ["http.response.start", "http.response.body"] * 2
