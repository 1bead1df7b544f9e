"""``make bench``: collector ingest throughput over HTTP vs a raw SQLAlchemy Core floor.

For SQLite (always) and MariaDB/MySQL (when 127.0.0.1:3306 answers; ``SHOPDB_BENCH_MYSQL_URL``
or ``mysql+aiomysql://root@127.0.0.1:3306/test``): migrates a fresh database with every
bundled plugin, serves the real app with uvicorn in a thread, and sends 10,000 computers to
``ingestComputers`` over HTTP in batches of 1,000 with an ``ingest:computers`` token:

- first load (every record CREATED),
- the same records again (every record UNCHANGED),
- the same records with 10% changed (1,000 UPDATED, 9,000 UNCHANGED).

The floor, measured in the same run on a second fresh database of the same backend, is a
raw bulk upsert of the same rows through SQLAlchemy Core, in the same batches of 1,000 and
one transaction per batch: ``INSERT INTO assets ... RETURNING id`` plus ``INSERT INTO
computers`` (the first load), then an ``UPDATE`` pass of every row of both tables (the
repeat). The floor does no identity matching, no audit, no GraphQL and no HTTP.

    .venv/bin/python -m tests.benchmarks.ingest [--records 10000] [--batch 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import MetaData, Table, bindparam, insert, update

from shopdb_gql.core import models
from shopdb_gql.core.editing import default_status_id
from shopdb_gql.db.base import utcnow
from shopdb_gql.db.engine import Database
from tests.harness import PASSWORDS, Client, Server, fresh_database, login, prepare, test_settings

MYSQL_DEFAULT = "mysql+aiomysql://root@127.0.0.1:3306/test"
MUTATION = """mutation($source: String!, $records: [ComputerRecord!]!) {
  ingestComputers(source: $source, records: $records) {
    created updated unchanged rejected errors { code message } results { status }
  }
}"""
TOKEN = """mutation($input: ApiTokenInput!) {
  createApiToken(input: $input) { secret errors { message } } }"""
FIELDS = {"hostname": "hostname", "serialNumber": "serialnumber", "manufacturer": "manufacturer",
          "model": "model", "osName": "osname", "osVersion": "osversion", "pcType": "pctype",
          "ipAddress": "ipaddress", "macAddress": "macaddress"}


def make_records(n: int) -> list[dict[str, Any]]:
    return [{"hostname": f"BENCH-PC-{i:05d}", "serialNumber": f"SN{i:08d}X",
             "manufacturer": "Dell", "model": "OptiPlex 7090", "osName": "Windows 11 Pro",
             "osVersion": "23H2", "pcType": "OFFICE" if i % 2 else "SHOP_FLOOR",
             "ipAddress": f"10.{i // 65536}.{i // 256 % 256}.{i % 256}",
             "macAddress": f"3c:52:82:{i // 65536:02x}:{i // 256 % 256:02x}:{i % 256:02x}"}
            for i in range(n)]


def changed(records: list[dict[str, Any]], every: int = 10) -> list[dict[str, Any]]:
    return [{**r, "osVersion": "24H2"} if i % every == 0 else r for i, r in enumerate(records)]


def batches(records: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [records[i:i + size] for i in range(0, len(records), size)]


# --- the API ----------------------------------------------------------------------------

def send_all(url: str, token: str, records: list[dict[str, Any]], size: int,
             source: str) -> tuple[float, dict[str, int]]:
    totals = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    with httpx.Client(timeout=300, headers={"authorization": f"Bearer {token}"}) as http:
        started = time.perf_counter()
        for chunk in batches(records, size):
            body = http.post(f"{url}/graphql", json={
                "query": MUTATION, "variables": {"source": source, "records": chunk}}).json()
            if body.get("errors"):
                raise RuntimeError(body["errors"])
            result = body["data"]["ingestComputers"]
            if result["errors"]:
                raise RuntimeError(result["errors"])
            for key in totals:
                totals[key] += result[key]
        elapsed = time.perf_counter() - started
    return elapsed, totals


def measure_api(database_url: str, records: list[dict[str, Any]], size: int) -> dict[str, Any]:
    settings = test_settings(database_url, log_level="WARNING")
    prepare(settings, demo=False)
    server = Server(settings).start()
    try:
        admin = Client(server.url, login(Client(server.url), "admin",
                                         PASSWORDS["admin"])["accessToken"])
        token = admin.data(TOKEN, {"input": {"name": "bench", "scopes": ["ingest:computers"]}})[
            "createApiToken"]["secret"]
        runs = {}
        for name, batch, expect in (
                ("first load", records, {"created": len(records)}),
                ("repeat", records, {"unchanged": len(records)}),
                ("10% changed", changed(records), {"updated": len(records) // 10,
                                                   "unchanged": len(records) - len(records) // 10})):
            elapsed, totals = send_all(server.url, token, batch, size, f"bench-{uuid.uuid4().hex[:4]}")
            wrong = {k: v for k, v in expect.items() if totals[k] != v}
            if wrong or totals["rejected"]:
                raise RuntimeError(f"{name}: unexpected outcome {totals}")
            runs[name] = len(batch) / elapsed
        return runs
    finally:
        server.stop()


# --- the floor --------------------------------------------------------------------------

async def floor_upsert(database_url: str, records: list[dict[str, Any]],
                       size: int) -> dict[str, float]:
    db = Database(database_url)
    assets: Table = models.Asset.__table__  # type: ignore[assignment]
    try:
        async with db.engine.connect() as conn:
            computers = await conn.run_sync(
                lambda sync: Table("computers", MetaData(), autoload_with=sync))
        async with db.transaction() as session:
            status = await default_status_id(session)
        ids: list[int] = []
        now = utcnow()
        started = time.perf_counter()
        for chunk in batches(records, size):
            async with db.engine.begin() as conn:
                rows = [{"assettag": f"FLOOR-{r['hostname']}", "name": r["hostname"],
                         "kind": "computer", "statusid": status, "locationid": None,
                         "serialnumber": r["serialNumber"], "notes": None, "mapx": None,
                         "mapy": None, "createdat": now, "updatedat": now, "lastseenat": now,
                         "lastseensource": "floor"} for r in chunk]
                result = await conn.execute(
                    insert(assets).returning(assets.c.id, sort_by_parameter_order=True), rows)
                chunk_ids = list(result.scalars().all())
                ids.extend(chunk_ids)
                await conn.execute(insert(computers), [
                    {"id": i, **{col: r[key] for key, col in FIELDS.items() if key != "serialNumber"}}
                    for i, r in zip(chunk_ids, chunk, strict=True)])
        insert_rate = len(records) / (time.perf_counter() - started)

        later = utcnow()
        started = time.perf_counter()
        for start in range(0, len(records), size):
            chunk = records[start:start + size]
            chunk_ids = ids[start:start + size]
            async with db.engine.begin() as conn:
                await conn.execute(
                    update(assets).where(assets.c.id == bindparam("_id")).values(
                        name=bindparam("v_name"), serialnumber=bindparam("v_serial"),
                        lastseenat=later, lastseensource="floor-2"),
                    [{"_id": i, "v_name": r["hostname"], "v_serial": r["serialNumber"]}
                     for i, r in zip(chunk_ids, chunk, strict=True)])
                cols = [c for k, c in FIELDS.items() if k != "serialNumber"]
                await conn.execute(
                    update(computers).where(computers.c.id == bindparam("_id")).values(
                        **{c: bindparam(f"v_{c}") for c in cols}),
                    [{"_id": i, **{f"v_{c}": r[k] for k, c in FIELDS.items() if c in cols}}
                     for i, r in zip(chunk_ids, chunk, strict=True)])
        update_rate = len(records) / (time.perf_counter() - started)
        return {"insert": insert_rate, "update": update_rate}
    finally:
        await db.dispose()


def measure_floor(database_url: str, records: list[dict[str, Any]], size: int) -> dict[str, float]:
    prepare(test_settings(database_url), demo=False)
    return asyncio.run(floor_upsert(database_url, records, size))


# --- running ----------------------------------------------------------------------------

def mysql_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 3306), 2).close()
        return True
    except OSError:
        return False


def bench(backend: str, records: list[dict[str, Any]], size: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        with fresh_database(Path(tmp)) as url:
            api = measure_api(url, records, size)
        with fresh_database(Path(tmp)) as url:
            floor = measure_floor(url, records, size)
    return {"backend": backend, "api": api, "floor": floor}


def report(result: dict[str, Any], n: int, size: int) -> None:
    api, floor = result["api"], result["floor"]
    print(f"\n{result['backend']}: {n:,} computers in batches of {size:,} over HTTP "
          "(records/s; floor = raw SQLAlchemy Core bulk upsert)")
    print(f"{'run':<14}{'ingest':>10}{'floor':>10}{'floor/ingest':>14}")
    for name, base in (("first load", floor["insert"]), ("repeat", floor["update"]),
                       ("10% changed", floor["update"])):
        print(f"{name:<14}{api[name]:>10,.0f}{base:>10,.0f}{base / api[name]:>13.2f}x")
    first = api["first load"]
    verdict = "met" if first >= 5000 and floor["insert"] / first <= 3 else "NOT met"
    print(f"target (first load >= 5,000/s and within 3x of the floor): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description="ingest throughput benchmark")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    records = make_records(args.records)
    saved = os.environ.pop("SHOPDB_TEST_DATABASE_URL", None)
    try:
        report(bench("SQLite", records, args.batch), args.records, args.batch)
        if mysql_answers():
            os.environ["SHOPDB_TEST_DATABASE_URL"] = (os.environ.get("SHOPDB_BENCH_MYSQL_URL")
                                                      or MYSQL_DEFAULT)
            report(bench("MariaDB", records, args.batch), args.records, args.batch)
        else:
            print("\nMariaDB: skipped (nothing answers on 127.0.0.1:3306)")
    finally:
        os.environ.pop("SHOPDB_TEST_DATABASE_URL", None)
        if saved is not None:
            os.environ["SHOPDB_TEST_DATABASE_URL"] = saved


if __name__ == "__main__":
    main()
