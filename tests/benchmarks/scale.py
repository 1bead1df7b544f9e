"""``make bench``: the read path at 10,000 and at 100,000 assets (issue #18 item 5).

For each database (SQLite; MariaDB/MySQL too when one answers on 127.0.0.1:3306) and each
size, a fresh site with the demo data plus N bulk computers (assets and their extension
rows, with host names, OS names and PC types spread over the rows) is served by
``shopdb serve`` in its own process, beside the raw-SQL floor of ``tests/benchmarks/run.py``
in another, and this process sends, interleaved:

- **list**: ``assets(first: 100)`` with the nested fields of the main benchmark;
- **deep**: the same page 90% into the list, after a keyset cursor;
- **deep, offset**: the same page after an offset cursor (version 1, still accepted), i.e.
  what every deep page cost before keyset cursors;
- **filtered**: ``computers`` of one PC type and OS name, by host name, 100 a page;
- **custom field**: ``computers`` whose custom field ``memoryGb`` (added through the API,
  values for every bulk computer) is 32, one in eight, 100 a page, with ``totalCount``;
- **search**: ``search(text)`` for one host name, through the search index (rebuilt after
  the bulk rows are written, as ``shopdb search reindex`` does; its time is printed);
- **floor**: the first page with raw SQL + orjson (``tests/benchmarks/floor.py``).

Then it prints the query plans of the page, deep page, filter and search statements as
the database shows them (EXPLAIN QUERY PLAN / EXPLAIN), which docs/PERFORMANCE.md quotes.

    python -m tests.benchmarks.scale [--sizes 10000,100000] [--requests 150] [--database auto]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import orjson
from sqlalchemy import insert, select, text

from shopdb_gql.commands.search import reindex_enabled
from shopdb_gql.core import assetcounts, models
from shopdb_gql.core.filters import text_condition
from shopdb_gql.core.searchindex import narrowing
from shopdb_gql.db.base import utcnow
from shopdb_gql.db.engine import Database
from shopdb_gql.graphql.connection import encode_keyset, sort_keys
from shopdb_gql.plugins.loader import load_plugins
from tests.benchmarks.run import QUERY, databases, measure
from tests.harness import (
    PASSWORDS,
    ROOT,
    Client,
    free_port,
    local_mysql_database,
    login,
    prepare,
    spawned,
    test_settings,
)

PC_TYPES = ["SHOP_FLOOR", "ENGINEERING", "OFFICE", "KIOSK", "LAB"]
OS_NAMES = ["Windows 10", "Windows 11", "Ubuntu", "RHEL"]

DEEP = QUERY.replace("assets(first: 100)", "assets(first: 100, after: $after)") \
    .replace("{ assets", "query($after: String) { assets", 1)
FILTERED = """{ computers(first: 100, filter: {pcTypes: [LAB], os: "Ubuntu"},
  orderBy: [{field: HOSTNAME}]) { totalCount nodes { id hostname osName status { name } } } }"""
SEARCH = """query($text: String!) { search(text: $text, first: 20) { __typename } }"""
CUSTOM = """{ computers(first: 100, filter: {memoryGb: 32}) { totalCount
  nodes { id hostname memoryGb status { name } } } }"""
ADD_FIELD = """mutation { createCustomField(input: {kind: "computer", name: "memoryGb",
  label: "Memory (GB)", type: NUMBER}) { customField { id } errors { message } } }"""


async def seed_custom_values(url: str, field_id: int) -> None:
    """Every bulk computer's memoryGb (one in 8 has 32): as a site where a custom field has
    been in use for a while."""
    db = Database(url)
    try:
        async with db.transaction() as session:
            ids = list(await session.scalars(select(models.Asset.id).where(
                models.Asset.kind == "computer")))
        for low in range(0, len(ids), 5000):
            async with db.transaction() as session:
                await session.execute(insert(models.CustomValue), [
                    {"assetid": i, "fieldid": field_id, "numbervalue": float(4 << (i % 8))}
                    for i in ids[low:low + 5000]])
    finally:
        await db.dispose()


async def seed_computers(db: Database, n: int) -> None:
    """N computers: asset rows and extension rows, written in batches of 5,000."""
    async with db.transaction() as session:
        status = (await session.execute(text("SELECT id FROM assetstatuses LIMIT 1"))).scalar()
        location = (await session.execute(text("SELECT id FROM locations LIMIT 1"))).scalar()
        start = int((await session.execute(text("SELECT max(id) FROM assets"))).scalar() or 0) + 1
    now = utcnow()
    for low in range(0, n, 5000):
        ids = range(start + low, start + min(n, low + 5000))
        async with db.transaction() as session:
            await session.execute(insert(models.Asset), [
                {"id": i, "assettag": f"S-{i:07d}", "name": f"scale-{i:07d}", "kind": "computer",
                 "statusid": status, "locationid": location, "serialnumber": f"SN{i * 7919 % n}",
                 "createdat": now, "updatedat": now} for i in ids])
            await assetcounts.record(session, {"computer": len(ids)})  # as the app's writers do
            await session.execute(text(
                "INSERT INTO computers (id, hostname, osname, pctype) VALUES (:id, :h, :o, :p)"),
                [{"id": i, "h": f"pc{(i * 7919) % 1_000_003:07d}", "o": OS_NAMES[i % 4],
                  "p": PC_TYPES[i % 5]} for i in ids])


def deep_cursors(ids: list[int]) -> tuple[str, str]:
    """Cursors 90% into the list of ``ids`` (the default order, by id): keyset and offset."""
    at = int(len(ids) * 0.9)
    keys = sort_keys(select(models.Asset).order_by(models.Asset.id.asc()))
    assert keys is not None
    keyset = encode_keyset(keys, [ids[at]])
    offset = base64.urlsafe_b64encode(f"shopdb:v1:{at}".encode()).decode()
    return keyset, offset


PLANS = {
    "page": "SELECT assets.id FROM assets ORDER BY assets.id LIMIT 101",
    "deep page": "SELECT assets.id FROM assets WHERE assets.id >= :v AND assets.id > :v "
                 "ORDER BY assets.id LIMIT 101",
    "count": "SELECT count(*) FROM assets",
    "total (kept counts)": "SELECT sum(assetcounts.assets) FROM assetcounts",
    "filtered": "SELECT assets.id FROM assets JOIN computers ON computers.id = assets.id "
                "WHERE computers.pctype IN ('LAB') AND (lower(computers.osname) LIKE lower('%ubuntu%') "
                "OR lower(computers.osversion) LIKE lower('%ubuntu%')) "
                "ORDER BY computers.hostname, assets.id LIMIT 101",
    "filtered by status, by name": "SELECT assets.id FROM assets WHERE assets.kind = 'computer' "
                                   "AND assets.statusid = 1 ORDER BY assets.name, assets.id "
                                   "LIMIT 101",
    "custom field filter": "SELECT assets.id FROM assets JOIN computers ON computers.id = "
                           "assets.id WHERE assets.id IN (SELECT customvalues.assetid FROM "
                           "customvalues WHERE customvalues.fieldid = 1 AND "
                           "customvalues.numbervalue = 32.0) ORDER BY computers.hostname, "
                           "assets.id LIMIT 101",
    "search": "SELECT assets.id FROM assets WHERE lower(assets.name) LIKE lower('%pc0123%') "
              "OR assets.id IN (SELECT computers.id FROM computers WHERE "
              "lower(computers.hostname) LIKE lower('%pc0123%')) LIMIT 20",
}


async def indexed_search(session: Any, needle: str) -> str:
    """The asset statement ``search(needle)`` sends, with its values written in."""
    records = load_plugins([ROOT / "plugins"], strict=True)
    kinds = {k.kind: k for r in records.values() for k in r.contributions.asset_kinds}
    candidates = await narrowing(session, needle, kinds)
    assert candidates is not None, "the search would scan"
    query = select(models.Asset.id).where(text_condition(needle, kinds, candidates)).limit(20)
    return str(query.compile(dialect=session.bind.dialect, compile_kwargs={"literal_binds": True}))


async def plans(url: str, deep_id: int, needle: str) -> dict[str, list[str]]:
    db = Database(url)
    shown: dict[str, list[str]] = {}
    try:
        async with db.transaction() as session:
            sqlite = url.startswith("sqlite")
            statements = {**PLANS, "search, indexed": await indexed_search(session, needle)}
            for name, sql in statements.items():
                explain = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
                rows = (await session.execute(text(explain + sql), {"v": deep_id})).all()
                if sqlite:
                    shown[name] = [str(r[-1]) for r in rows]
                else:
                    shown[name] = [f"{r.table}: type={r.type} key={r.key} rows={r.rows} "
                                   f"{r.Extra or ''}".strip() for r in rows]
    finally:
        await db.dispose()
    return shown


@contextmanager
def database(kind: str, tmp: Path, n: int) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp / f'scale-{n}.sqlite3'}"
    else:
        with local_mysql_database() as url:
            yield url


@contextmanager
def site(kind: str, n: int) -> Iterator[dict[str, Any]]:
    """A site of ``n`` bulk computers served with its floor: yields its request targets
    (``targets``), asset count and reindex time; its query plans (``plans``) are added
    when the servers have stopped."""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        with database(kind, tmp, n) as url:
            settings = test_settings(url)
            prepare(settings, demo=True)

            async def seed_and_list() -> tuple[list[int], float]:
                db = Database(url)
                try:
                    await seed_computers(db, n)
                    started = time.perf_counter()
                    async with db.transaction() as session:  # the bulk rows bypassed the index
                        await reindex_enabled(session, load_plugins([ROOT / "plugins"], strict=True))
                    took = time.perf_counter() - started
                    async with db.transaction() as session:
                        return list((await session.scalars(
                            select(models.Asset.id).order_by(models.Asset.id))).all()), took
                finally:
                    await db.dispose()
            ids, reindex_seconds = asyncio.run(seed_and_list())
            keyset, offset = deep_cursors(ids)
            api_port, floor_port = free_port(), free_port()
            api = f"http://127.0.0.1:{api_port}"
            env = {"SHOPDB_ENV": "test", "SHOPDB_DATABASE_URL": url,
                   "SHOPDB_LOG_LEVEL": "WARNING", "SHOPDB_BUNDLED_PLUGINS_DIR": str(ROOT / "plugins"),
                   "SHOPDB_PLUGIN_PATHS": "[]"}
            shopdb = [str(Path(sys.executable).parent / "shopdb"), "serve", "--port",
                      str(api_port), "--workers", "1"]
            floor = f"http://127.0.0.1:{floor_port}"
            response_file = tmp / "response.json"
            with spawned(shopdb, f"{api}/healthz", tmp / "api.log", env=env):
                client = Client(api, login(Client(api), "viewer", PASSWORDS["viewer"])["accessToken"])
                response_file.write_bytes(orjson.dumps(client.execute(QUERY)))
                deep_a = client.data(DEEP, {"after": keyset})["assets"]["nodes"]
                deep_b = client.data(DEEP, {"after": offset})["assets"]["nodes"]
                assert deep_a == deep_b and len(deep_a) == 100, "the two deep pages differ"
                assert client.data(FILTERED)["computers"]["totalCount"] > 0
                admin = Client(api, login(Client(api), "admin", PASSWORDS["admin"])["accessToken"])
                made = admin.data(ADD_FIELD)["createCustomField"]
                assert made["errors"] == [], made
                asyncio.run(seed_custom_values(url, int(made["customField"]["id"])))
                assert client.data(CUSTOM)["computers"]["totalCount"] > n // 10
                needle = f"pc{(ids[-7] * 7919) % 1_000_003:07d}"
                assert client.data(SEARCH, {"text": needle})["search"], needle
                with spawned([sys.executable, "-m", "tests.benchmarks.floor", url,
                              str(floor_port), str(response_file)], f"{floor}/floor",
                             tmp / "floor.log"):
                    http = httpx.Client(timeout=60)
                    targets: dict[str, Callable[[], Any]] = {
                        "list": lambda: client.data(QUERY),
                        "deep": lambda: client.data(DEEP, {"after": keyset}),
                        "deep, offset": lambda: client.data(DEEP, {"after": offset}),
                        "filtered": lambda: client.data(FILTERED),
                        "custom field": lambda: client.data(CUSTOM),
                        "search": lambda: client.data(SEARCH, {"text": needle}),
                        "floor": lambda: http.get(f"{floor}/floor").raise_for_status(),
                    }
                    found: dict[str, Any] = {"targets": targets, "assets": len(ids),
                                             "reindex": reindex_seconds}
                    yield found
            found["plans"] = asyncio.run(plans(url, ids[int(len(ids) * 0.9)], needle))


def run_sizes(kind: str, sizes: list[int], n_requests: int) -> dict[int, dict[str, Any]]:
    """Every size's site served at once and measured in one interleaved run (each target
    of each size in turn), so that the machine's changes of speed, which on this shared
    host reach 2x within minutes, hit the sizes alike: measured one after the other, the
    ratio between sizes moved with the machine (1.2x to 1.9x for the same code)."""
    with ExitStack() as stack:
        runs = {n: stack.enter_context(site(kind, n)) for n in sizes}
        results = measure({(n, name): send for n in sizes
                           for name, send in runs[n]["targets"].items()}, n_requests)
        for n in sizes:
            runs[n]["results"] = {name: results[(n, name)] for name in runs[n]["targets"]}
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--requests", type=int, default=150)
    parser.add_argument("--database", choices=["auto", "sqlite", "mysql"], default="auto")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for kind in databases(args.database):
        runs = run_sizes(kind, sizes, args.requests)
        print(f"\n== {kind}: {args.requests} sequential requests per target, interleaved; "
              f"load average {os.getloadavg()[0]:.1f}")
        header = "".join(f"{runs[n]['assets']:>12,} p50" for n in sizes)
        print(f"{'':<14}{header}{'ratio':>10}")
        for target in runs[sizes[0]]["results"]:
            p50s = [runs[n]["results"][target]["p50_ms"] for n in sizes]
            row = "".join(f"{p:>13.1f}ms" for p in p50s)
            print(f"{target:<14}{row}{p50s[-1] / p50s[0]:>9.2f}x")
        big = runs[sizes[-1]]
        floor = big["results"]["floor"]["p50_ms"]
        print(f"at {big['assets']:,}: list / floor = {big['results']['list']['p50_ms'] / floor:.1f}x")
        print("search reindex: " + ", ".join(f"{runs[n]['reindex']:.1f} s at {runs[n]['assets']:,}"
                                             for n in sizes))
        for name, lines in big["plans"].items():
            print(f"-- plan, {name}:")
            for line in lines:
                print(f"   {line}")


if __name__ == "__main__":
    main()
