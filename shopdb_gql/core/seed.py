"""Reference data and a believable demo site (about 200 assets over halls, bays and cells)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.auth.actor import SYSTEM
from shopdb_gql.core import audit, models
from shopdb_gql.db.base import utcnow

STATUSES = [
    ("in_use", "In use", "Installed and in service", True),
    ("spare", "Spare", "Working, kept as a spare", False),
    ("in_repair", "In repair", "Out of service for repair or calibration", False),
    ("ordered", "Ordered", "Ordered, not yet received", False),
    ("retired", "Retired", "Decommissioned; kept for history", False),
    ("stale", "Stale", "Not reported by its collector for longer than its kind allows", False),
]

HALLS = [("Hall 1", 100.0, 100.0), ("Hall 2", 600.0, 100.0)]
BAYS = "ABCD"
# (kind, name prefix, count, own position?)
DEMO_KINDS = [("equipment", "CNC", 40), ("computer", "PC", 70), ("measuringtool", "GAUGE", 30),
              ("networkdevice", "SW", 16), ("printer", "PRN", 14), ("usbdevice", "USB", 30)]


async def seed_reference_data(session: AsyncSession) -> int:
    """Insert missing asset statuses; returns how many were added (idempotent)."""
    existing = set(await session.scalars(select(models.AssetStatus.code)))
    added = 0
    for order, (code, name, description, active) in enumerate(STATUSES):
        if code not in existing:
            session.add(models.AssetStatus(code=code, name=name, description=description,
                                           isactive=active, sortorder=order * 10))
            added += 1
    await session.flush()
    return added


async def _locations(session: AsyncSession) -> list[models.Location]:
    cells: list[models.Location] = []
    for hall, hx, hy in HALLS:
        building = models.Location(name=hall, kind="building", mapx=hx + 200, mapy=hy + 150,
                                   description=f"Production {hall.lower()}")
        session.add(building)
        await session.flush()
        for b, bay_letter in enumerate(BAYS):
            bay = models.Location(name=f"{hall} / Bay {bay_letter}", kind="bay",
                                  parentid=building.id, mapx=hx + 50 + b * 100, mapy=hy + 150)
            session.add(bay)
            await session.flush()
            for c in range(1, 4):
                cell = models.Location(name=f"{hall} / Bay {bay_letter} / Cell {c}", kind="cell",
                                       parentid=bay.id, mapx=hx + 30 + b * 100 + c * 12,
                                       mapy=hy + 60 + c * 70)
                session.add(cell)
                cells.append(cell)
    office = models.Location(name="Office / IT room", kind="office", mapx=450.0, mapy=500.0)
    store = models.Location(name="Tool crib", kind="store", mapx=380.0, mapy=520.0)
    session.add_all([office, store])
    await session.flush()
    return [*cells, office, store]


async def seed_demo(session: AsyncSession, seed: int = 7) -> int:
    """Add the demo site unless assets exist already; returns the number of assets added."""
    if await session.scalar(select(func.count()).select_from(models.Asset)):
        return 0
    await seed_reference_data(session)
    rng = random.Random(seed)
    statuses = {s.code: s.id for s in await session.scalars(select(models.AssetStatus))}
    places = await _locations(session)
    cells, office, store = places[:-2], places[-2], places[-1]
    created: dict[str, list[models.Asset]] = {}
    now = utcnow()
    for kind, prefix, count in DEMO_KINDS:
        for n in range(1, count + 1):
            where = store if kind in ("measuringtool", "usbdevice") else \
                office if kind == "computer" and n > 50 else rng.choice(cells)
            status = "in_use" if rng.random() < 0.85 else rng.choice(["spare", "in_repair"])
            asset = models.Asset(
                assettag=f"{prefix}-{n:04d}", name=f"{prefix.lower()}-{n:03d}", kind=kind,
                statusid=statuses[status], locationid=where.id,
                serialnumber=f"SN{rng.randrange(10**7, 10**8)}",
                mapx=(where.mapx or 0) + rng.uniform(-8, 8) if kind == "equipment" else None,
                mapy=(where.mapy or 0) + rng.uniform(-8, 8) if kind == "equipment" else None,
                createdat=now - timedelta(days=rng.randrange(30, 900)), updatedat=now)
            session.add(asset)
            created.setdefault(kind, []).append(asset)
    await session.flush()
    machines = created["equipment"]
    for pc, machine in zip(created["computer"][:40], machines, strict=True):
        session.add(models.AssetRelationship(sourceid=pc.id, targetid=machine.id, type="controls",
                                             inheritsposition=True))
    switches = created["networkdevice"]
    for pc in created["computer"]:
        session.add(models.AssetRelationship(sourceid=pc.id, targetid=rng.choice(switches).id,
                                             type="connected_to"))
    await audit.record(session, SYSTEM, action="seed", object_type="site", object_id="demo",
                       source="seed", summary="demo site loaded")
    await session.flush()
    return sum(len(v) for v in created.values())
