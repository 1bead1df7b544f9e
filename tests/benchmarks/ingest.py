"""``make bench``: collector ingest throughput over HTTP vs raw SQLAlchemy Core floors.

For SQLite and MariaDB/MySQL (when 127.0.0.1:3306 answers; ``SHOPDB_BENCH_MYSQL_URL`` or
``mysql+aiomysql://root@127.0.0.1:3306``): migrates a fresh database with every
bundled plugin, serves it with ``shopdb serve`` in a process of its own (one worker), and
sends 10,000 computers to ``ingestComputers`` over HTTP in batches of 1,000 with an
``ingest:computers`` token:

- first load (every record CREATED),
- the same records again (every record UNCHANGED),
- the same records with 10% changed (1,000 UPDATED, 9,000 UNCHANGED).

Two floors, each on a fresh database of its own of the same backend, measured batch by
batch between the API's batches (API batch 1, floor batch 1, API batch 2, ...), so that
all of them see the same machine: the host's speed drifts by a quarter within minutes.

- **floor**: the issue's floor, a raw bulk upsert of the same rows through SQLAlchemy Core
  in the same batches, one transaction per batch: an executemany ``INSERT INTO assets``,
  one ``SELECT`` of the new ids by asset tag and an executemany ``INSERT INTO computers``
  (beside the first load), then an ``UPDATE`` pass of every row of both tables (beside the
  repeat and the 10% run). No identity matching, no audit, no GraphQL, no HTTP.
- **required writes** (first load only): the floor plus the rows the ingest contract makes
  the engine write for a new asset, also through Core: three identity rows per computer
  (hostname, serial number, MAC; unique per kind, key and value) and one audit entry with
  each field's old and new value.

(``INSERT ... RETURNING`` with ``sort_by_parameter_order`` is not used: SQLAlchemy sends it
one row at a time on SQLite, which made an earlier floor 6x slower there.)

``--clients N`` adds a first load by N collectors at once (``shopdb serve --workers N``,
the records split N ways) beside the floor run by N connections at once.

    .venv/bin/python -m tests.benchmarks.ingest [--records 10000] [--batch 1000]
        [--backend sqlite|mariadb|both] [--clients N]
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
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
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

def post_batch(http: httpx.Client, url: str, chunk: list[dict[str, Any]],
               source: str) -> dict[str, int]:
    body = http.post(f"{url}/graphql", json={
        "query": MUTATION, "variables": {"source": source, "records": chunk}}).json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    result: dict[str, Any] = body["data"]["ingestComputers"]
    if result["errors"]:
        raise RuntimeError(result["errors"])
    return {k: result[k] for k in ("created", "updated", "unchanged", "rejected")}


@contextmanager
def served(database_url: str, workers: int = 1) -> Iterator[str]:
    """``shopdb serve`` in a process of its own, as deployed: the client's work and memory
    (10,000 records, JSON encoding) stay out of the server's process."""
    url = f"http://127.0.0.1:{free_port()}"
    env = {"SHOPDB_DATABASE_URL": database_url, "SHOPDB_ENV": "test",
           "SHOPDB_LOG_LEVEL": "WARNING"}
    with tempfile.TemporaryDirectory() as tmp, spawned(
            [sys.executable, "-m", "shopdb_gql.cli", "serve", "--port", url.rsplit(":", 1)[1],
             "--workers", str(workers)], f"{url}/healthz", Path(tmp) / "serve.log", env=env):
        yield url


def ingest_token(url: str) -> str:
    admin = Client(url, login(Client(url), "admin", PASSWORDS["admin"])["accessToken"])
    secret: str = admin.data(TOKEN, {"input": {"name": "bench", "scopes": ["ingest:computers"]}})[
        "createApiToken"]["secret"]
    return secret


# --- the floors -------------------------------------------------------------------------

class Floor:
    """The raw Core upsert, one batch at a time (``required``: with identity and audit
    rows, as the engine must write them for new assets)."""

    def __init__(self, database_url: str, *, required: bool = False) -> None:
        self.db = Database(database_url)
        self.required = required
        self.assets: Table = models.Asset.__table__  # type: ignore[assignment]
        self.identities: Table = models.AssetIdentity.__table__  # type: ignore[assignment]
        self.audit: Table = models.AuditEntry.__table__  # type: ignore[assignment]
        self.ids: dict[str, int] = {}  # hostname -> asset id

    async def setup(self) -> None:
        async with self.db.engine.connect() as conn:
            self.computers = await conn.run_sync(
                lambda sync: Table("computers", MetaData(), autoload_with=sync))
        async with self.db.transaction() as session:
            self.status = await default_status_id(session)

    async def insert(self, chunk: list[dict[str, Any]]) -> None:
        now = utcnow()
        async with self.db.engine.begin() as conn:
            rows = [{"assettag": f"FLOOR-{r['hostname']}", "name": r["hostname"],
                     "kind": "computer", "statusid": self.status, "locationid": None,
                     "serialnumber": r["serialNumber"], "notes": None, "mapx": None,
                     "mapy": None, "createdat": now, "updatedat": now, "lastseenat": now,
                     "lastseensource": "floor"} for r in chunk]
            await conn.execute(insert(self.assets), rows)
            # As the ingest writer does: the list's total follows the write (core/assetcounts.py).
            await conn.execute(insert(models.AssetCount), [{"kind": "computer", "assets": len(rows)}])
            by_tag = dict((await conn.execute(
                select(self.assets.c.assettag, self.assets.c.id)
                .where(self.assets.c.assettag.in_([r["assettag"] for r in rows])))).all())
            ids = [by_tag[r["assettag"]] for r in rows]
            self.ids.update((r["hostname"], i) for r, i in zip(chunk, ids, strict=True))
            ext = [{"id": i, **{col: r[key] for key, col in FIELDS.items()
                                if key != "serialNumber"}} for i, r in zip(ids, chunk, strict=True)]
            await conn.execute(insert(self.computers), ext)
            if not self.required:
                return
            await conn.execute(insert(self.identities), sorted(
                ({"kind": "computer", "idkey": key, "idvalue": r[field].lower(), "assetid": i}
                 for i, r in zip(ids, chunk, strict=True)
                 for key, field in (("hostname", "hostname"), ("macaddress", "macAddress"),
                                    ("serialnumber", "serialNumber"))),
                key=lambda row: (row["idkey"], row["idvalue"])))
            await conn.execute(insert(self.audit), [
                {"createdat": now, "actortype": "token", "actorid": 1, "actorname": "floor",
                 "source": "floor", "action": "create", "objecttype": "asset",
                 "objectid": str(i), "summary": r["hostname"], "batchid": "floor",
                 "changes": {c: {"old": None, "new": v} for c, v in
                             (*((k, e[k]) for k in e if k != "id"), ("name", r["hostname"]),
                              ("serialnumber", r["serialNumber"]))}}
                for i, r, e in zip(ids, chunk, ext, strict=True)])

    async def update(self, chunk: list[dict[str, Any]]) -> None:
        later = utcnow()
        ids = [self.ids[r["hostname"]] for r in chunk]
        async with self.db.engine.begin() as conn:
            await conn.execute(
                update(self.assets).where(self.assets.c.id == bindparam("_id")).values(
                    name=bindparam("v_name"), serialnumber=bindparam("v_serial"),
                    lastseenat=later, lastseensource="floor-2"),
                [{"_id": i, "v_name": r["hostname"], "v_serial": r["serialNumber"]}
                 for i, r in zip(ids, chunk, strict=True)])
            cols = [c for k, c in FIELDS.items() if k != "serialNumber"]
            await conn.execute(
                update(self.computers).where(self.computers.c.id == bindparam("_id")).values(
                    **{c: bindparam(f"v_{c}") for c in cols}),
                [{"_id": i, **{f"v_{c}": r[k] for k, c in FIELDS.items() if c in cols}}
                 for i, r in zip(ids, chunk, strict=True)])

    async def dispose(self) -> None:
        await self.db.dispose()


# --- running ----------------------------------------------------------------------------

RUNS = ("first load", "repeat", "10% changed")


def interleaved(api_url: str, floor: Floor, full: Floor, records: list[dict[str, Any]],
                size: int, loop: asyncio.AbstractEventLoop) -> dict[str, dict[str, list[float]]]:
    """Seconds per batch for the API and the floors, batch by batch in turn."""
    times: dict[str, dict[str, list[float]]] = {}
    token = ingest_token(api_url)
    with httpx.Client(timeout=300, headers={"authorization": f"Bearer {token}"}) as http:
        for name, data, expect in (
                ("first load", records, {"created": len(records)}),
                ("repeat", records, {"unchanged": len(records)}),
                ("10% changed", changed(records), {"updated": len(records) // 10,
                                                   "unchanged": len(records) - len(records) // 10})):
            source = f"bench-{uuid.uuid4().hex[:4]}"
            spent = times[name] = {"api": [], "floor": [], "required": []}
            totals = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
            for chunk in batches(data, size):
                started = time.perf_counter()
                for key, n in post_batch(http, api_url, chunk, source).items():
                    totals[key] += n
                spent["api"].append(time.perf_counter() - started)
                first = name == "first load"
                for key, target in (("floor", floor), ("required", full)):
                    if key == "required" and not first:
                        continue
                    started = time.perf_counter()
                    loop.run_until_complete(target.insert(chunk) if first else target.update(chunk))
                    spent[key].append(time.perf_counter() - started)
            wrong = {k: v for k, v in expect.items() if totals[k] != v}
            if wrong or totals["rejected"]:
                raise RuntimeError(f"{name}: unexpected outcome {totals}")
    return times


def concurrent(backend_tmp: Path, records: list[dict[str, Any]], size: int,
               clients: int) -> dict[str, float]:
    """First load by ``clients`` collectors at once, and the floor by as many connections."""
    parts = [records[i::clients] for i in range(clients)]
    with fresh_database(backend_tmp) as url:
        prepare(test_settings(url, log_level="WARNING"), demo=False)
        with served(url, workers=clients) as api_url:
            token = ingest_token(api_url)

            def send(part: list[dict[str, Any]]) -> int:
                with httpx.Client(timeout=300,
                                  headers={"authorization": f"Bearer {token}"}) as http:
                    return sum(post_batch(http, api_url, chunk, "bench-c")["created"]
                               for chunk in batches(part, size))

            started = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                created = sum(pool.map(send, parts))
            api = len(records) / (time.perf_counter() - started)
            if created != len(records):
                raise RuntimeError(f"concurrent first load: {created} created")
    with fresh_database(backend_tmp) as url:
        prepare(test_settings(url), demo=False)

        async def floors() -> float:
            floor = Floor(url)
            await floor.setup()
            try:
                async def one(part: list[dict[str, Any]]) -> None:
                    for chunk in batches(part, size):
                        await floor.insert(chunk)
                started = time.perf_counter()
                await asyncio.gather(*(one(part) for part in parts))
                return len(records) / (time.perf_counter() - started)
            finally:
                await floor.dispose()

        return {"api": api, "floor": asyncio.run(floors())}


def bench(backend: str, records: list[dict[str, Any]], size: int,
          clients: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        urls = [stack.enter_context(fresh_database(Path(tmp))) for _ in range(3)]
        prepare(test_settings(urls[0], log_level="WARNING"), demo=False)
        for url in urls[1:]:
            prepare(test_settings(url), demo=False)
        loop = asyncio.new_event_loop()
        floor, full = Floor(urls[1]), Floor(urls[2], required=True)
        try:
            loop.run_until_complete(floor.setup())
            loop.run_until_complete(full.setup())
            with served(urls[0]) as api_url:
                times = interleaved(api_url, floor, full, records, size, loop)
        finally:
            loop.run_until_complete(floor.dispose())
            loop.run_until_complete(full.dispose())
            loop.close()
        result: dict[str, Any] = {"backend": backend, "times": times}
        if clients > 1:
            result["concurrent"] = concurrent(Path(tmp), records, size, clients)
            result["clients"] = clients
        return result


def report(result: dict[str, Any], n: int, size: int) -> None:
    times = result["times"]
    print(f"\n{result['backend']}: {n:,} computers in batches of {size:,} over HTTP; records/s "
          "(floor: raw Core upsert; required: floor + identity and audit rows)")
    print(f"{'run':<13}{'ingest':>9}{'median':>9}{'floor':>9}{'ratio':>8}"
          f"{'required':>10}{'ratio':>8}")
    for name in RUNS:
        spent = times[name]
        rate = {k: n / sum(v) for k, v in spent.items() if v}
        line = (f"{name:<13}{rate['api']:>9,.0f}{size / statistics.median(spent['api']):>9,.0f}"
                f"{rate['floor']:>9,.0f}{rate['floor'] / rate['api']:>7.2f}x")
        if "required" in rate:
            line += f"{rate['required']:>10,.0f}{rate['required'] / rate['api']:>7.2f}x"
        print(line)
    if "concurrent" in result:
        c = result["concurrent"]
        print(f"first load by {result['clients']} collectors at once ({result['clients']} "
              f"workers): {c['api']:,.0f}/s; floor by {result['clients']} connections: "
              f"{c['floor']:,.0f}/s ({c['floor'] / c['api']:.2f}x)")
    first = n / sum(times["first load"]["api"])
    floor = n / sum(times["first load"]["floor"])
    print(f"target, first load within 3x of the floor: {'met' if floor / first <= 3 else 'NOT met'}"
          f" ({floor / first:.2f}x); at least 5,000/s: {'met' if first >= 5000 else 'NOT met'}"
          f" ({first:,.0f}/s; the floor itself: {floor:,.0f}/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description="ingest throughput benchmark")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--backend", choices=("sqlite", "mariadb", "both"), default="both")
    parser.add_argument("--clients", type=int, default=2,
                        help="collectors at once for the concurrent first load (1: skip it)")
    args = parser.parse_args()
    records = make_records(args.records)
    saved = os.environ.pop("SHOPDB_TEST_DATABASE_URL", None)
    try:
        if args.backend != "mariadb":
            report(bench("SQLite", records, args.batch, args.clients), args.records, args.batch)
        if args.backend == "sqlite":
            pass
        elif mysql_answers():
            os.environ["SHOPDB_TEST_DATABASE_URL"] = (os.environ.get("SHOPDB_BENCH_MYSQL_URL")
                                                      or MYSQL_DEFAULT)
            report(bench("MariaDB", records, args.batch, args.clients), args.records,
                   args.batch)
        else:
            print("\nMariaDB: skipped (nothing answers on 127.0.0.1:3306)")
    finally:
        os.environ.pop("SHOPDB_TEST_DATABASE_URL", None)
        if saved is not None:
            os.environ["SHOPDB_TEST_DATABASE_URL"] = saved


if __name__ == "__main__":
    main()
