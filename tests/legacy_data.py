"""A classic shopdb built from ../shared/data/legacy-shopdb/schema.sql with awkward rows.

``build(url, scale)`` loads the schema into an empty database (SQLite file or a scratch
MariaDB database) and fills it with what real sites have: junk serials, duplicate
hostnames, unnumbered equipment, map-only markers, inactive rows, dangling foreign keys,
mixed-case category spellings, open and returned USB loans. ``FIXED`` rows are always there
(tests name them); ``scale`` adds that many generated machines, PCs, printers and switches.
"""

from __future__ import annotations

import asyncio
import random
import re
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.harness import ROOT

SCHEMA = ROOT.parent / "shared" / "data" / "legacy-shopdb" / "schema.sql"
T0 = datetime(2024, 3, 1, 8, 0, 0)

LOCATIONS = [  # id, name, parent, x, y
    (1, "Plant", None, None, None),
    (2, "Hall A", 1, 100, 100),
    (3, "Hall B", 1, 600, 100),
    (4, "Cell A1", 2, 120, 180),
    (5, "Cell A2", 2, 220, 180),
    (6, "Metrology lab", 3, 640, 300),
    (7, "Loop X", 8, None, None),  # parents form a loop
    (8, "Loop Y", 7, None, None),
    (9, "Orphan bay", 99, 50, 50),  # parent 99 does not exist
]
TYPES = [  # id, name, category (spellings as sites have them)
    (1, "CNC lathe", "Equipment"),
    (2, "CNC mill", "equipment"),
    (3, "Height gauge", "Measuring"),
    (4, "CMM", "MEASURING"),
    (5, "USB stick", "USB"),
    (6, "Map marker", "LocationOnly"),
    (7, "Coffee machine", "Kitchen"),  # no rule takes it
]
MACHINES = [  # id, number, alias, type, vendor, model, serial, location, x, y, active, cap, cal
    (1, "M1001", "Okuma lathe", 1, "Okuma", "LB3000", "OK-1", 4, 130, 190, 1, None, None),
    (2, "M1002", None, 2, "DMG Mori", "DMU 50", "To Be Filled By O.E.M.", 4, 150, 190, 1, None,
     None),
    (3, None, "Spare mill", 2, "Haas", "VF-2", "HS-3", 5, 230, 190, 1, None, None),  # unnumbered
    (4, "G-17", "Height gauge 17", 3, "Mitutoyo", "HDS", "MT-17", 6, 650, 310, 1, None,
     datetime(2025, 6, 1)),
    (5, None, "CMM Zeiss", 4, "Zeiss", "Contura", "ZS-5", 6, 660, 320, 0, None,
     datetime(2025, 1, 15)),  # inactive
    (6, None, "Programs 1", 5, "SanDisk", "Cruzer", "USB-0001", 4, None, None, 1, 16, None),
    (7, None, "Programs 2", 5, "SanDisk", "Cruzer", "USB-0002", 4, None, None, 1, 32, None),
    (8, None, "Pillar C4", 6, None, None, None, 2, 300, 400, 1, None, None),  # a marker
    (9, "K-1", "Espresso", 7, None, None, None, 2, None, None, 1, None, None),  # no rule
    (10, "M1010", "Old press", 1, "Schuler", "P1", "N/A", 77, 170, 190, 0, None, None),  # bad loc
]
PCS = [  # id, hostname, serial, vendor, model, os, osver, type, ip, mac, user, machine, loc, act
    (1, "SF-PC-001", "PC-SER-1", "Dell", "OptiPlex 7090", "Windows 10", "22H2", "Shopfloor",
     "10.0.1.11", "00-11-22-33-44-01", "op1", 1, 4, 1),
    (2, "SF-PC-002", "0", "HP", "EliteDesk", "Windows 10", "22H2", "shop floor", "10.0.1.12",
     "00:11:22:33:44:02", None, 8, 4, 1),  # controls a map marker
    (3, "ENG-PC-01", "PC-SER-3", "Lenovo", "P360", "Windows 11", "23H2", "Engineering",
     "10.0.2.10", None, "eng", None, 6, 1),
    (4, "sf-pc-001", "PC-SER-4", "Dell", "OptiPlex", "Windows 10", "21H2", "Shopfloor",
     "10.0.1.99", None, None, 2, 5, 1),  # duplicate hostname of pc 1
    (5, "OFF-PC-01", "To Be Filled By O.E.M.", "N/A", "", "Windows 10", "22H2", "Office",
     None, None, None, 555, 4, 0),  # junk values, dangling machine, inactive
]
PRINTERS = [  # id, name, ip, vendor, model, serial, location, x, y, active
    (1, "PRN-HALL-A", "10.0.3.10", "HP", "LaserJet M507", "PRN-SER-1", 2, 110, 120, 1),
    (2, "Label printer 2", "10.0.3.11", "Zebra", "ZT410", "ZB-2", 5, 240, 200, 1),
]
SWITCHES = [  # id, hostname, ip, mac, vendor, model, serial, location, x, y
    (1, "SW-HALL-A", "10.0.0.2", "AA-BB-CC-00-00-01", "Cisco", "C9200", "FOC1", 2, 105, 105),
]
CHECKOUTS = [  # id, machine, to, out, due, returned
    (1, 6, "J. Keller", T0, T0 + timedelta(days=2), T0 + timedelta(days=1)),
    (2, 6, "M. Novak", T0 + timedelta(days=10), T0 + timedelta(days=12), None),  # still out
    (3, 999, "Nobody", T0, None, None),  # dangling machine
]

#: What the fixed rows must become (tests check these).
EXPECTED_KINDS = {"equipment": 3, "measuringtool": 3, "usbdevice": 2, "computer": 4,
                  "printer": 2, "networkdevice": 1}


def schema_statements() -> list[str]:
    body = re.sub(r"--[^\n]*", "", SCHEMA.read_text(encoding="utf-8"))
    return [s.strip() for s in body.split(";") if s.strip()]


def _insert(table: str, columns: str, rows: list[tuple[Any, ...]]) -> tuple[str, list[dict[str, Any]]]:
    names = [c.strip() for c in columns.split(",")]
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"
    return sql, [dict(zip(names, row, strict=True)) for row in rows]


def rows(scale: int = 0, seed: int = 11) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every INSERT with its rows: the fixed ones plus ``scale`` generated rows per table."""
    rng = random.Random(seed)
    machines = [(*m, T0, T0) for m in MACHINES]
    pcs = [(*p, T0) for p in PCS]
    printers: list[tuple[Any, ...]] = list(PRINTERS)
    switches: list[tuple[Any, ...]] = list(SWITCHES)
    checkouts: list[tuple[Any, ...]] = list(CHECKOUTS)
    for n in range(scale):
        mid = 1000 + n
        kind = n % 4
        type_id = (1, 3, 5, 2)[kind]
        number = f"N{mid}" if kind in (0, 3) else (f"G{mid}" if kind == 1 else None)
        machines.append((mid, number, f"Machine {mid}", type_id, rng.choice(["Okuma", "Haas"]),
                         "X1", f"SER-{mid}", rng.choice([4, 5, 6]), rng.randint(0, 900),
                         rng.randint(0, 600), 1 if n % 17 else 0, 16 if kind == 2 else None,
                         T0 + timedelta(days=n % 400) if kind == 1 else None, T0, T0))
        if kind == 2:
            checkouts.append((10_000 + n, mid, f"Holder {n % 9}", T0 + timedelta(hours=n),
                              T0 + timedelta(days=2, hours=n),
                              None if n % 5 == 0 else T0 + timedelta(days=1, hours=n)))
        pcs.append((1000 + n, f"GEN-PC-{n:05d}", f"PCSER-{n:05d}", "Dell", "OptiPlex",
                    "Windows 10", "22H2", rng.choice(["Shopfloor", "Office", "Engineering"]),
                    f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}", None, None,
                    mid if kind == 0 else None, rng.choice([4, 5]), 1, T0))
        if n % 5 == 0:
            printers.append((1000 + n, f"PRN-{n:05d}", None, "HP", "M507", f"PSER-{n:05d}", 2,
                             rng.randint(0, 900), rng.randint(0, 600), 1))
        if n % 10 == 0:
            switches.append((1000 + n, f"SW-{n:05d}", None, None, "Cisco", "C9200",
                             f"SWSER-{n:05d}", 2, rng.randint(0, 900), rng.randint(0, 600)))
    return [
        _insert("locations", "location_id, location_name, parent_location_id, map_left, map_top",
                LOCATIONS),
        _insert("machine_types", "machine_type_id, type_name, category", TYPES),
        _insert("machines", "machine_id, machine_number, alias, machine_type_id, vendor, model, "
                "serial_number, location_id, map_left, map_top, is_active, capacity_gb, "
                "calibration_due, created_date, last_modified", machines),
        _insert("pcs", "pc_id, hostname, serial_number, vendor, model, os_name, os_version, "
                "pc_type, ip_address, mac_address, logged_on_user, machine_id, location_id, "
                "is_active, last_seen", pcs),
        _insert("printers", "printer_id, printer_name, ip_address, vendor, model, serial_number, "
                "location_id, map_left, map_top, is_active", printers),
        _insert("switches", "switch_id, hostname, ip_address, mac_address, vendor, model, "
                "serial_number, location_id, map_left, map_top", switches),
        _insert("usb_checkouts", "checkout_id, machine_id, checked_out_to, checked_out, due_date, "
                "returned", checkouts),
    ]


def build(url: str, scale: int = 0) -> int:
    """Create the legacy tables in the empty database ``url`` and fill them; returns how
    many rows were written."""

    async def go() -> int:
        engine = create_async_engine(url)
        written = 0
        try:
            async with engine.begin() as conn:
                for statement in schema_statements():
                    await conn.execute(text(statement))
                for sql, values in rows(scale):
                    if values:
                        await conn.execute(text(sql), values)
                        written += len(values)
        finally:
            await engine.dispose()
        return written

    return asyncio.run(go())


def execute(url: str, *statements: str) -> None:
    """Run statements against the legacy database (edits in the old system)."""

    async def go() -> None:
        engine = create_async_engine(url)
        try:
            async with engine.begin() as conn:
                for statement in statements:
                    await conn.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(go())
