"""``make bench``: ``shopdb import legacy`` of about 50,000 legacy rows beside a raw floor.

For SQLite (and MariaDB/MySQL when 127.0.0.1:3306 answers): a legacy database built from
schema.sql with generated rows (tests/legacy_data.py, ``--scale`` 19,600 gives about
50,000 rows: machines, PCs, printers, switches, USB loans), imported into a fresh site with
every bundled plugin, then imported again (everything unchanged).

The **floor**, measured in the same run on a fresh site of the same backend: read the same
legacy tables with one ``SELECT *`` each and write one ``assets`` row and one extension row
per asset with executemany through SQLAlchemy Core, in chunks of 1,000, one transaction per
chunk. No rules beyond the category, no identities, no audit, no source references, no
locations, links or history: what any import must at least do.

    .venv/bin/python -m tests.benchmarks.legacy_import [--scale 19600] [--backend sqlite|mariadb|both]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from shopdb_gql.core import assetcounts, models
from shopdb_gql.core.editing import default_status_id
from shopdb_gql.db.base import Base, utcnow
from shopdb_gql.db.engine import Database
from shopdb_gql.migrate.legacy import LegacyImport
from shopdb_gql.migrate.mapping import load_mapping
from shopdb_gql.plugins.loader import load_plugins
from tests import legacy_data
from tests.harness import ROOT, fresh_database, mysql_answers, prepare, test_settings

# legacy table -> (kind, extension table, its identity column, the legacy column for it)
FLOOR_KINDS = {
    "pcs": ("computer", "computers", "hostname", "hostname", "pc_id"),
    "printers": ("printer", "printers", "hostname", "printer_name", "printer_id"),
    "switches": ("networkdevice", "networkdevices", "hostname", "hostname", "switch_id"),
}
MACHINE_KINDS = {"equipment": ("equipment", "machinenumber"),
                 "measuringtool": ("measuringtools", "toolnumber"),
                 "usbdevice": ("usbdevices", "label")}


async def floor(site_url: str, legacy_url: str) -> tuple[float, int]:
    """Seconds and assets written by the raw floor."""
    load_plugins([ROOT / "plugins"], strict=True)  # their tables on the shared metadata
    tables = Base.metadata.tables
    started = time.perf_counter()
    engine = create_async_engine(legacy_url)
    async with engine.connect() as conn:
        data = {name: [dict(r._mapping) for r in await conn.execute(text(f"SELECT * FROM {name}"))]
                for name in ("machine_types", "machines", "pcs", "printers", "switches")}
    await engine.dispose()
    category = {r["machine_type_id"]: str(r["category"]).lower() for r in data["machine_types"]}
    rows: list[tuple[str, str, str, Any, str]] = []  # kind, ext table, ext column, value, tag
    for m in data["machines"]:
        cat = category.get(m["machine_type_id"], "")
        if cat == "equipment" and m["machine_number"]:
            kind = "equipment"
        elif cat in ("equipment", "measuring"):
            kind = "measuringtool"
        elif cat == "usb":
            kind = "usbdevice"
        else:
            continue
        table, column = MACHINE_KINDS[kind]
        rows.append((kind, table, column, m["machine_number"] or m["alias"] or m["machine_id"],
                     f"F-M{m['machine_id']}"))
    for name, (kind, table, column, source, key) in FLOOR_KINDS.items():
        rows += [(kind, table, column, r[source], f"F-{name}-{r[key]}") for r in data[name]]
    db = Database(site_url)
    now = utcnow()
    async with db.transaction() as session:
        status = await default_status_id(session)
    for start in range(0, len(rows), 1000):
        chunk = rows[start:start + 1000]
        async with db.transaction() as session:
            await session.execute(insert(models.Asset), [
                {"assettag": tag, "name": str(value), "kind": kind, "statusid": status,
                 "createdat": now, "updatedat": now} for kind, _t, _c, value, tag in chunk])
            # As the import does: the lists' totals follow the write (core/assetcounts.py).
            await assetcounts.record(session, Counter(r[0] for r in chunk))
            ids = dict((await session.execute(select(models.Asset.assettag, models.Asset.id).where(
                models.Asset.assettag.in_([r[4] for r in chunk])))).all())
            by_table: dict[str, list[dict[str, Any]]] = {}
            for kind, table, column, value, tag in chunk:
                row = {"id": ids[tag], column: str(value)}
                if kind == "networkdevice":
                    row["devicetype"] = "SWITCH"
                by_table.setdefault(table, []).append(row)
            for table, values in by_table.items():
                await session.execute(insert(tables[table]), values)
    await db.dispose()
    return time.perf_counter() - started, len(rows)


def run(backend: str, scale: int, tmp: Path) -> None:
    with fresh_database(tmp) as legacy, fresh_database(tmp) as site, fresh_database(tmp) as raw:
        written = legacy_data.build(legacy, scale)
        settings = test_settings(site)
        prepare(settings, demo=False)
        prepare(test_settings(raw), demo=False)
        mapping = load_mapping()
        started = time.perf_counter()
        first = asyncio.run(LegacyImport(settings, legacy, mapping).run())
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        again = asyncio.run(LegacyImport(settings, legacy, mapping).run())
        again_s = time.perf_counter() - started
        floor_s, floor_assets = asyncio.run(floor(raw, legacy))
        created = sum(c.created for c in first.kinds.values())
        unchanged = sum(c.unchanged for c in again.kinds.values())
        print(f"== {backend}: {written} legacy rows ({created} assets created, "
              f"{len(first.skipped)} rows skipped)")
        print(f"   import, first run   {first_s:7.1f} s  {written / first_s:8.0f} rows/s")
        print(f"   import, second run  {again_s:7.1f} s  {written / again_s:8.0f} rows/s "
              f"({unchanged} assets unchanged)")
        print(f"   floor (raw Core)    {floor_s:7.1f} s  {written / floor_s:8.0f} rows/s "
              f"({floor_assets} assets)")
        print(f"   first run / floor   {first_s / floor_s:7.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=19_600)
    parser.add_argument("--backend", choices=["sqlite", "mariadb", "both"], default="both")
    args = parser.parse_args()
    import os

    backends = ["sqlite", "mariadb"] if args.backend == "both" else [args.backend]
    for backend in backends:
        if backend == "mariadb":
            if not mysql_answers():
                print("== mariadb: nothing answers on 127.0.0.1:3306, skipped")
                continue
            os.environ["SHOPDB_TEST_DATABASE_URL"] = os.environ.get(
                "SHOPDB_BENCH_MYSQL_URL", "mysql+aiomysql://root@127.0.0.1:3306/test")
        else:
            os.environ.pop("SHOPDB_TEST_DATABASE_URL", None)
        with tempfile.TemporaryDirectory() as tmp:
            run(backend, args.scale, Path(tmp))


if __name__ == "__main__":
    main()
