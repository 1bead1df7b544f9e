"""Demo data: tool numbers, ranges and a calibration history for the demo site's gauges."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.plugins import AssetRow, utcnow

from .kind import KIND, MeasuringToolRow, next_due
from .models import MeasuringToolCalibrationRow

# (type, manufacturer, model, range min, range max, unit, resolution, interval days)
CATALOGUE = [
    ("caliper", "Mitutoyo", "CD-15APX", 0.0, 150.0, "mm", 0.01, 365),
    ("micrometer", "Mitutoyo", "293-240-30", 0.0, 25.0, "mm", 0.001, 180),
    ("gauge", "Tesa", "Plug gauge H7 20", 20.0, 20.021, "mm", 0.001, 365),
    ("indicator", "Käfer", "M 2 T", 0.0, 10.0, "mm", 0.01, 365),
    ("micrometer", "Mahr", "Micromar 40 EWR", 25.0, 50.0, "mm", 0.001, 180),
    ("cmm", "Zeiss", "Contura", 0.0, 1000.0, "mm", 0.0003, 365),
]
LABS = ["Calibration lab (internal)", "Hexagon Service", "DAkkS lab Stuttgart"]


async def seed_demo(session: AsyncSession, seed: int = 11) -> int:
    """Fill in the extension row and 1-3 past calibrations of every demo measuring tool that
    has none yet; some end up overdue, some due soon. Returns how many tools were filled."""
    rng = random.Random(seed)
    have = select(MeasuringToolRow.id)
    assets = (await session.scalars(select(AssetRow).where(
        AssetRow.kind == KIND, AssetRow.id.not_in(have)).order_by(AssetRow.id))).all()
    now = utcnow()
    for n, asset in enumerate(assets, start=1):
        kind, maker, model, low, high, unit, step, interval = CATALOGUE[n % len(CATALOGUE)]
        tool = MeasuringToolRow(id=asset.id, toolnumber=f"MT-{asset.id:05d}", tooltype=kind,
                                manufacturer=maker, modelname=model, rangemin=low, rangemax=high,
                                unit=unit, resolution=step, calibrationintervaldays=interval)
        session.add(tool)
        await session.flush()  # the calibrations reference the tool row
        last = now - timedelta(days=rng.randrange(5, interval + 60))
        history = [last - timedelta(days=interval * k + rng.randrange(0, 10))
                   for k in range(rng.randrange(1, 4))]
        for when in sorted(history):
            result = "ADJUSTED" if rng.random() < 0.2 else "PASS"
            session.add(MeasuringToolCalibrationRow(
                toolid=asset.id, performedat=when, performedby=rng.choice(LABS), result=result,
                certificate=f"CERT-{asset.id:05d}-{when:%Y%m%d}"))
        tool.lastcalibratedat, tool.nextcalibrationdue = last, next_due(last, interval)
    await session.flush()
    return len(assets)
