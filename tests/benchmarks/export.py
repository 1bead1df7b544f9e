"""``make bench``: exporting 10,000 and 100,000 computers to CSV and XLSX, with the server's
memory watched, beside a raw floor.

A fresh SQLite site with every bundled plugin gets N computers written straight through
SQLAlchemy Core; ``shopdb serve`` (one worker, a process of its own) then answers
``GET /export/assets.{csv,xlsx}?type=Computer&columns=...`` with an admin token while its
resident memory (``/proc/<pid>/status`` VmRSS) is sampled every 20 ms. The floor, in the
same run: one ``SELECT`` of the same columns joined, written with the csv module.

    .venv/bin/python -m tests.benchmarks.export [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import tempfile
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import Table, insert, select

from shopdb_gql.core import assetcounts, models
from shopdb_gql.core.editing import default_status_id
from shopdb_gql.db.base import Base, utcnow
from shopdb_gql.db.engine import Database
from shopdb_gql.plugins.loader import load_plugins
from tests.benchmarks.ingest import served
from tests.harness import PASSWORDS, ROOT, Client, login, prepare, test_settings

COLUMNS = "assetTag,name,status.name,location.name,serialNumber,hostname,osName,pcType,ipAddress"


async def fill(url: str, n: int) -> None:
    load_plugins([ROOT / "plugins"], strict=True)
    computers = Base.metadata.tables["computers"]
    db = Database(url)
    now = utcnow()
    async with db.transaction() as session:
        status = await default_status_id(session)
    for start in range(0, n, 5000):
        async with db.transaction() as session:
            rows = range(start, min(n, start + 5000))
            await session.execute(insert(models.Asset), [
                {"assettag": f"X-{i:06d}", "name": f"PC-{i:06d}", "kind": "computer",
                 "statusid": status, "serialnumber": f"S{i}", "createdat": now, "updatedat": now}
                for i in rows])
            await assetcounts.record(session, {"computer": len(rows)})  # as the app's writers do
            ids = dict((await session.execute(select(models.Asset.assettag, models.Asset.id).where(
                models.Asset.assettag.in_([f"X-{i:06d}" for i in rows])))).all())
            await session.execute(insert(computers), [
                {"id": ids[f"X-{i:06d}"], "hostname": f"pc-{i:06d}", "osname": "Windows 11",
                 "pctype": "OFFICE", "ipaddress": f"10.{i // 65536}.{i // 256 % 256}.{i % 256}"}
                for i in rows])
    await db.dispose()


async def floor(url: str) -> float:
    load_plugins([ROOT / "plugins"], strict=True)
    computers = Base.metadata.tables["computers"]
    asset: Table = models.Asset.__table__  # type: ignore[assignment]
    db = Database(url)
    started = time.perf_counter()
    out = io.StringIO()
    writer = csv.writer(out)
    async with db.session() as session:
        result = await session.stream(
            select(asset.c.assettag, asset.c.name, models.AssetStatus.name, models.Location.name,
                   asset.c.serialnumber, computers.c.hostname, computers.c.osname,
                   computers.c.pctype, computers.c.ipaddress)
            .join(computers, computers.c.id == asset.c.id)
            .join(models.AssetStatus, models.AssetStatus.id == asset.c.statusid)
            .outerjoin(models.Location, models.Location.id == asset.c.locationid)
            .order_by(asset.c.assettag))
        async for row in result:
            writer.writerow(row)
    await db.dispose()
    return time.perf_counter() - started


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def server_pid(port: str) -> int:
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if "shopdb_gql.cli serve" in cmd and f"--port {port}" in cmd:
                return int(proc.name)
    raise RuntimeError("server process not found")


def measure(url: str, token: str, fmt: str) -> tuple[float, int, int, int]:
    pid = server_pid(url.rsplit(":", 1)[1])
    before = rss_kib(pid)
    peak = [before]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_kib(pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.perf_counter()
    size = 0
    with httpx.stream("GET", f"{url}/export/assets.{fmt}", timeout=600, headers={
            "authorization": f"Bearer {token}"}, params={
            "type": "Computer", "columns": COLUMNS,
            "orderBy": '[{"field":"ASSET_TAG","direction":"ASC"}]'}) as response:
        assert response.status_code == 200, response.read()[:300]
        for chunk in response.iter_bytes():
            size += len(chunk)
    elapsed = time.perf_counter() - started
    done.set()
    watcher.join()
    return elapsed, before, peak[0], size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite+aiosqlite:///{Path(tmp) / 'export.sqlite3'}"
            prepare(test_settings(url), demo=False)
            asyncio.run(fill(url, n))
            floor_s = asyncio.run(floor(url))
            with served(url) as server:
                token = login(Client(server), "admin", PASSWORDS["admin"])["accessToken"]
                print(f"== {n} computers (SQLite); floor (one SELECT, csv module) {floor_s:.2f} s")
                for fmt in ("csv", "xlsx"):
                    elapsed, before, peak, size = measure(server, token, fmt)
                    print(f"   {fmt:<4} {elapsed:6.2f} s ({elapsed / floor_s:4.1f}x floor), "
                          f"{size / 1e6:6.1f} MB; server RSS {before / 1024:.0f} -> peak "
                          f"{peak / 1024:.0f} MiB (+{(peak - before) / 1024:.0f})")


if __name__ == "__main__":
    main()
