"""``make bench``: assets(first: 100) with nested fields over HTTP vs a raw-SQL + orjson floor.

Seeds 10,000 assets into a fresh database (SQLite, and MariaDB/MySQL when one answers on
127.0.0.1:3306; ``--database sqlite|mysql`` picks one), serves the real app with ``shopdb serve``
(uvicorn, one worker) in its own process, and the floors (``tests/benchmarks/floor.py``)
in a second process: the API's answer (checked equal) made from raw SQL and serialized
with orjson in a bare Starlette route, the thinner floor of sessions 8-13 for comparison,
and a bare Strawberry schema answering the same query from memory. This process only sends the requests, over
real HTTP, sequentially, so client and servers do not share an interpreter.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import orjson
from sqlalchemy import text

from shopdb_gql.core import models
from shopdb_gql.db.base import utcnow
from shopdb_gql.db.engine import Database
from tests.harness import (
    PASSWORDS,
    ROOT,
    Client,
    free_port,
    local_mysql_database,
    login,
    mysql_answers,
    prepare,
    spawned,
    test_settings,
)

QUERY = """{ assets(first: 100) { totalCount nodes { id assetTag name kind serialNumber
  status { name } location { name } position { x y source }
  relationships { type targetId } } } }"""


async def seed(url: str, n_assets: int) -> None:
    db = Database(url)
    try:
        await seed_bulk(db, n_assets)
    finally:
        await db.dispose()  # before the loop closes: aiomysql connections complain after


async def seed_bulk(db: Database, n: int) -> None:
    async with db.transaction() as session:
        status = (await session.execute(text("SELECT id FROM assetstatuses LIMIT 1"))).scalar()
        location = (await session.execute(text("SELECT id FROM locations LIMIT 1"))).scalar()
        now = utcnow()
        session.add_all(models.Asset(assettag=f"B-{i:06d}", name=f"bench-{i}", kind="computer",
                                     statusid=status, locationid=location, createdat=now,
                                     updatedat=now) for i in range(n))


K = TypeVar("K", bound=Hashable)


def measure(targets: dict[K, Callable[[], Any]], n: int) -> dict[K, dict[str, float]]:
    """p50/p95/req/s per target; requests interleaved so load changes hit all alike."""
    for send in targets.values():
        for _ in range(10):
            send()
    samples: dict[K, list[float]] = {name: [] for name in targets}
    for _ in range(n):
        for name, send in targets.items():
            t0 = time.perf_counter()
            send()
            samples[name].append((time.perf_counter() - t0) * 1000)
    result = {}
    for name, times in samples.items():
        ordered = sorted(times)
        result[name] = {"p50_ms": statistics.median(ordered),
                        "p95_ms": ordered[int(len(ordered) * 0.95) - 1],
                        "rps": 1000 * len(times) / sum(times)}
    return result


@contextmanager
def site_database(kind: str, tmp: str) -> Iterator[str]:
    """An empty database: a SQLite file, or a new database on the local MariaDB/MySQL."""
    if kind == "mysql":
        with local_mysql_database() as url:
            yield url
    else:
        yield f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"


def run_one(kind: str, n_assets: int, n_requests: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp, site_database(kind, tmp) as url:
        settings = test_settings(url)
        prepare(settings, demo=True)
        asyncio.run(seed(url, n_assets))
        api_port, floor_port = free_port(), free_port()
        api = f"http://127.0.0.1:{api_port}"
        env = {"SHOPDB_ENV": "test", "SHOPDB_DATABASE_URL": url, "SHOPDB_LOG_LEVEL": "WARNING",
               "SHOPDB_BUNDLED_PLUGINS_DIR": str(ROOT / "plugins"), "SHOPDB_PLUGIN_PATHS": "[]"}
        shopdb = [str(Path(sys.executable).parent / "shopdb"), "serve", "--port", str(api_port),
                  "--workers", "1"]
        floor = f"http://127.0.0.1:{floor_port}"
        response_file = Path(tmp) / "response.json"
        with spawned(shopdb, f"{api}/healthz", Path(tmp) / "api.log", env=env):
            client = Client(api, login(Client(api), "viewer", PASSWORDS["viewer"])["accessToken"])
            response_file.write_bytes(orjson.dumps(client.execute(QUERY)))
            with spawned([sys.executable, "-m", "tests.benchmarks.floor", url, str(floor_port),
                          str(response_file)], f"{floor}/floor", Path(tmp) / "floor.log"):
                http = httpx.Client(timeout=30)
                bare = http.post(f"{floor}/strawberry/", json={"query": QUERY}).json()
                assert bare == orjson.loads(response_file.read_bytes()), "bare schema differs"
                answer = orjson.loads(response_file.read_bytes())
                assert len(answer["data"]["assets"]["nodes"]) == 100, "a page of 100"
                assert http.get(f"{floor}/floor").json() == answer, "the floor answers otherwise"
                # Each target is timed alike: the request sent and the whole answer received,
                # not decoded (its content was checked above). Until session 14 the API's
                # time included decoding its 31 KB answer in this client (0.5 ms here), the
                # floors' did not.
                return measure({
                    "graphql": lambda: client.post(QUERY).raise_for_status(),
                    "floor": lambda: http.get(f"{floor}/floor").raise_for_status(),
                    "floor-cols": lambda: http.get(f"{floor}/floor/columns").raise_for_status(),
                    "strawberry": lambda: http.post(f"{floor}/strawberry/",
                                                    json={"query": QUERY}).raise_for_status(),
                }, n_requests)


def databases(choice: str) -> list[str]:
    """The databases a benchmark runs on: ``auto`` is SQLite, and MariaDB/MySQL if one answers."""
    return {"auto": ["sqlite"] + (["mysql"] if mysql_answers() else []),
            "sqlite": ["sqlite"], "mysql": ["mysql"]}[choice]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database", choices=["auto", "sqlite", "mysql"], default="auto")
    args = parser.parse_args()
    for kind in databases(args.database):
        results = run_one(kind, args.assets, args.requests)
        base = results["floor"]["p50_ms"]
        print(f"\n== {kind}: assets(first: 100), {args.assets + 200} assets, {args.requests} "
              f"sequential requests, load average {os.getloadavg()[0]:.1f}")
        print(f"{'':<12}{'p50 ms':>10}{'p95 ms':>10}{'req/s':>10}{'p50/floor':>11}")
        for name, m in results.items():
            print(f"{name:<12}{m['p50_ms']:>10.1f}{m['p95_ms']:>10.1f}{m['rps']:>10.1f}"
                  f"{m['p50_ms'] / base:>10.2f}x")
    print("graphql = the real API; floor = raw SQL + orjson making the API's answer (checked "
          "equal); floor-cols = the floor of sessions 8-13 (the page's columns, outgoing links "
          "only, no position chain); strawberry = a bare Strawberry schema answering the same "
          "query from memory (target: graphql <= 3x floor)")


if __name__ == "__main__":
    main()
