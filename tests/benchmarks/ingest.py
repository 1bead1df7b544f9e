"""``make bench``: collector ingest throughput over HTTP vs a raw SQLAlchemy Core floor.

For SQLite and MariaDB/MySQL (when 127.0.0.1:3306 answers; ``SHOPDB_BENCH_MYSQL_URL`` or
``mysql+aiomysql://root@127.0.0.1:3306``): migrates a fresh database with every
bundled plugin, serves it with ``shopdb serve`` in a process of its own (one worker), and
sends 10,000 computers to ``ingestComputers`` over HTTP in batches of 1,000 with an
``ingest:computers`` token:

- first load (every record CREATED),
- the same records again (every record UNCHANGED),
- the same records with 10% changed (1,000 UPDATED, 9,000 UNCHANGED).

The floor, measured in the same run on a second fresh database of the same backend, is a
raw bulk upsert of the same rows through SQLAlchemy Core, in the same batches of 1,000 and
one transaction per batch: an executemany ``INSERT INTO assets``, one ``SELECT`` of the new
ids by asset tag, and an executemany ``INSERT INTO computers`` (the first load), then an
``UPDATE`` pass of every row of both tables (the repeat). The floor does no identity
matching, no audit, no GraphQL and no HTTP. (``INSERT ... RETURNING`` with
``sort_by_parameter_order`` is not used: SQLAlchemy sends it one row at a time on SQLite,
which made an earlier floor 6x slower there than this one.)

    .venv/bin/python -m tests.benchmarks.ingest [--records 10000] [--batch 1000]
        [--backend sqlite|mariadb|both]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import MetaData, Table, bindparam, insert, select, update

from shopdb_gql.core import models
from shopdb_gql.core.editing import default_status_id
from shopdb_gql.db.base import utcnow
from shopdb_gql.db.engine import Database
from tests.harness import (
    PASSWORDS,
    Client,
    free_port,
    fresh_database,
    login,
    mysql_answers,
    prepare,
    spawned,
    test_settings,
)

# The server only: each run creates (and drops) databases of its own, ``shopdb_t_<random>``,
# and never touches the ``test`` database a concurrent test suite may be using.
MYSQL_DEFAULT = "mysql+aiomysql://root@127.0.0.1:3306"
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
             source: str) -> tuple[float, list[float], dict[str, int]]:
    """Seconds for all batches, seconds per batch, and the summed counts."""
    totals = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    each: list[float] = []
    with httpx.Client(timeout=300, headers={"authorization": f"Bearer {token}"}) as http:
        started = time.perf_counter()
        for chunk in batches(records, size):
            sent = time.perf_counter()
            body = http.post(f"{url}/graphql", json={
                "query": MUTATION, "variables": {"source": source, "records": chunk}}).json()
            if body.get("errors"):
                raise RuntimeError(body["errors"])
            result = body["data"]["ingestComputers"]
            if result["errors"]:
                raise RuntimeError(result["errors"])
            for key in totals:
                totals[key] += result[key]
            each.append(time.perf_counter() - sent)
        elapsed = time.perf_counter() - started
    return elapsed, each, totals


@contextmanager
def served(database_url: str) -> Iterator[str]:
    """``shopdb serve`` in a process of its own, as deployed: the client's work and memory
    (10,000 records, JSON encoding) stay out of the server's process."""
    url = f"http://127.0.0.1:{free_port()}"
    env = {"SHOPDB_DATABASE_URL": database_url, "SHOPDB_ENV": "test",
           "SHOPDB_LOG_LEVEL": "WARNING"}
    with tempfile.TemporaryDirectory() as tmp, spawned(
            [sys.executable, "-m", "shopdb_gql.cli", "serve", "--port", url.rsplit(":", 1)[1]],
            f"{url}/healthz", Path(tmp) / "serve.log", env=env):
        yield url


def measure_api(database_url: str, records: list[dict[str, Any]], size: int) -> dict[str, Any]:
    prepare(test_settings(database_url, log_level="WARNING"), demo=False)
    with served(database_url) as url:
        admin = Client(url, login(Client(url), "admin", PASSWORDS["admin"])["accessToken"])
        token = admin.data(TOKEN, {"input": {"name": "bench", "scopes": ["ingest:computers"]}})[
            "createApiToken"]["secret"]
        runs = {}
        for name, batch, expect in (
                ("first load", records, {"created": len(records)}),
                ("repeat", records, {"unchanged": len(records)}),
                ("10% changed", changed(records), {"updated": len(records) // 10,
                                                   "unchanged": len(records) - len(records) // 10})):
            elapsed, each, totals = send_all(url, token, batch, size,
                                             f"bench-{uuid.uuid4().hex[:4]}")
            wrong = {k: v for k, v in expect.items() if totals[k] != v}
            if wrong or totals["rejected"]:
                raise RuntimeError(f"{name}: unexpected outcome {totals}")
            runs[name] = len(batch) / elapsed
            runs[f"{name} (median batch)"] = size / statistics.median(each)
        return runs


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
                await conn.execute(insert(assets), rows)
                by_tag = dict((await conn.execute(
                    select(assets.c.assettag, assets.c.id)
                    .where(assets.c.assettag.in_([r["assettag"] for r in rows])))).all())
                chunk_ids = [by_tag[r["assettag"]] for r in rows]
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
    print(f"{'run':<14}{'ingest':>10}{'floor':>10}{'floor/ingest':>14}{'median batch':>14}")
    for name, base in (("first load", floor["insert"]), ("repeat", floor["update"]),
                       ("10% changed", floor["update"])):
        print(f"{name:<14}{api[name]:>10,.0f}{base:>10,.0f}{base / api[name]:>13.2f}x"
              f"{api[f'{name} (median batch)']:>14,.0f}")
    first = api["first load"]
    verdict = "met" if first >= 5000 and floor["insert"] / first <= 3 else "NOT met"
    print(f"target (first load >= 5,000/s and within 3x of the floor): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description="ingest throughput benchmark")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--backend", choices=("sqlite", "mariadb", "both"), default="both")
    args = parser.parse_args()
    records = make_records(args.records)
    saved = os.environ.pop("SHOPDB_TEST_DATABASE_URL", None)
    try:
        if args.backend != "mariadb":
            report(bench("SQLite", records, args.batch), args.records, args.batch)
        if args.backend == "sqlite":
            pass
        elif mysql_answers():
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
