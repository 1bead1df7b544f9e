"""Admission: with ``SHOPDB_MAX_CONCURRENT_REQUESTS`` a worker runs at most that many GraphQL
operations at once and queues the rest in arrival order (the pool's connections checked out
at once are the measure, not time); every request is still answered."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event

from shopdb_gql.auth.current import CHECKING_ACCOUNT
from shopdb_gql.db.engine import IN_BACKGROUND
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
