"""``make bench``: assets(first: 100) with nested fields over HTTP vs a raw-SQL + orjson floor.

Seeds 10,000 assets into a fresh SQLite database, serves the real app with uvicorn in a
subprocess-free thread, and serves the floor - the same 100 rows (with status, location and
relationships) read with raw SQL and serialized with orjson in a bare Starlette route - from
a second uvicorn server in the same process. Both are hit over real HTTP, sequentially.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import orjson
import uvicorn
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from shopdb_gql.core import models
from shopdb_gql.db.base import utcnow
from shopdb_gql.db.engine import Database
from tests.harness import PASSWORDS, Client, Server, login, prepare, test_settings

QUERY = """{ assets(first: 100) { totalCount nodes { id assetTag name kind serialNumber
  status { name } location { name } position { x y source }
  relationships { type targetId } } } }"""
FLOOR_SQL = {
    "assets": "SELECT a.id, a.assettag, a.name, a.kind, a.serialnumber, a.mapx, a.mapy, "
              "s.name AS status, l.name AS location, l.mapx AS lx, l.mapy AS ly "
              "FROM assets a JOIN assetstatuses s ON s.id = a.statusid "
              "LEFT JOIN locations l ON l.id = a.locationid ORDER BY a.id LIMIT 100",
    "count": "SELECT count(*) FROM assets",
}


async def seed_bulk(db: Database, n: int) -> None:
    async with db.transaction() as session:
        status = (await session.execute(text("SELECT id FROM assetstatuses LIMIT 1"))).scalar()
        location = (await session.execute(text("SELECT id FROM locations LIMIT 1"))).scalar()
        now = utcnow()
        session.add_all(models.Asset(assettag=f"B-{i:06d}", name=f"bench-{i}", kind="computer",
                                     statusid=status, locationid=location, createdat=now,
                                     updatedat=now) for i in range(n))


def floor_app(db: Database) -> Starlette:
    async def floor(request: Request) -> Response:
        async with db.engine.connect() as conn:
            rows = (await conn.execute(text(FLOOR_SQL["assets"]))).mappings().all()
            total = (await conn.execute(text(FLOOR_SQL["count"]))).scalar()
            ids = [r["id"] for r in rows]
            rels = (await conn.execute(text(
                f"SELECT sourceid, targetid, type FROM assetrelationships WHERE sourceid IN "
                f"({','.join(map(str, ids))}) OR targetid IN ({','.join(map(str, ids))})"))).all()
        by_asset: dict[int, list[dict[str, Any]]] = {}
        for s, t, kind in rels:
            by_asset.setdefault(s, []).append({"type": kind, "targetId": str(t)})
        nodes = [{**dict(r), "relationships": by_asset.get(r["id"], [])} for r in rows]
        return Response(orjson.dumps({"data": {"assets": {"totalCount": total, "nodes": nodes}}}),
                        media_type="application/json")

    return Starlette(routes=[Route("/floor", floor)])


def measure(send: Any, n: int) -> dict[str, float]:
    for _ in range(10):
        send()
    samples = []
    started = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        send()
        samples.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    samples.sort()
    return {"p50_ms": statistics.median(samples), "p95_ms": samples[int(len(samples) * 0.95) - 1],
            "rps": n / elapsed}


def main(n_assets: int = 10_000, n_requests: int = 200) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        settings = test_settings(url)
        prepare(settings, demo=True)
        db = Database(url)
        asyncio.run(seed_bulk(db, n_assets))
        server = Server(settings).start()
        floor_db = Database(url)
        floor = uvicorn.Server(uvicorn.Config(floor_app(floor_db), host="127.0.0.1", port=0,
                                              log_level="warning"))
        import threading

        from tests.harness import free_port

        port = free_port()
        floor.config.port = port
        thread = threading.Thread(target=floor.run, daemon=True)
        thread.start()
        while not floor.started:
            time.sleep(0.05)
        try:
            client = Client(server.url, login(Client(server.url), "viewer", PASSWORDS["viewer"])
                            ["accessToken"])
            http = httpx.Client(timeout=30)
            api = measure(lambda: client.data(QUERY), n_requests)
            base = measure(lambda: http.get(f"http://127.0.0.1:{port}/floor").raise_for_status(),
                           n_requests)
        finally:
            server.stop()
            floor.should_exit = True
            thread.join(10)
    ratio = api["p50_ms"] / base["p50_ms"]
    print(f"assets(first: 100), {n_assets + 200} assets, {n_requests} sequential requests")
    print(f"{'':<10}{'p50 ms':>10}{'p95 ms':>10}{'req/s':>10}")
    for name, m in (("graphql", api), ("floor", base)):
        print(f"{name:<10}{m['p50_ms']:>10.1f}{m['p95_ms']:>10.1f}{m['rps']:>10.1f}")
    print(f"ratio p50 graphql/floor: {ratio:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
