"""The equipment plugin: production machines with a machine number (ADR-005).

Contributes the `equipment` asset kind (GraphQL `Equipment`), its root fields, a menu entry,
a dashboard tile and demo machine records. PCs that `control` a machine are listed on it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.plugins import (
    AssetKind,
    AssetRow,
    Base,
    DashboardWidget,
    IngestSpec,
    NavigationItem,
    Plugin,
    WidgetValue,
)

from .kind import KIND, Criticality, EquipmentRow, EquipmentType, equipment
from .types import Equipment

DEMO_VENDORS = [("DMG Mori", "NLX 2500", "Siemens 840D", "Sinumerik Operate 4.95", EquipmentType.LATHE),
                ("Mazak", "Variaxis i-700", "Mazatrol SmoothX", "Windows 10 IoT", EquipmentType.MILL),
                ("Studer", "S33", "Fanuc 31i-B", "Fanuc OS", EquipmentType.GRINDER),
                ("GF Machining", "CUT P 550", "AgieCharmilles", "Windows 7 Embedded", EquipmentType.EDM),
                ("Kasto", "KASTOwin A 4.6", "Siemens S7", None, EquipmentType.SAW),
                ("Trumpf", "TruBend 5130", "TASC 6000", "Windows 10", EquipmentType.PRESS),
                ("Dürr", "EcoCWave", "Siemens S7", None, EquipmentType.WASH)]


async def _by_type(session: AsyncSession) -> WidgetValue:
    rows = (await session.execute(
        select(EquipmentRow.equipmenttype, func.count())
        .join(AssetRow, AssetRow.id == EquipmentRow.id).where(AssetRow.kind == KIND)
        .group_by(EquipmentRow.equipmenttype).order_by(EquipmentRow.equipmenttype))).all()
    total = sum(int(n) for _, n in rows)
    return WidgetValue(value=float(total), text="machines",
                       rows=[(str(kind), float(n)) for kind, n in rows], link="/equipment")


class EquipmentPlugin(Plugin):
    """Machines: machine number, type, vendor, controller, criticality, controlling PCs."""

    def models(self) -> Sequence[type[Base]]:
        return (EquipmentRow,)

    def types(self) -> Sequence[type]:
        return (*equipment.types(), Equipment)

    def query(self) -> type:
        return equipment.query

    def mutation(self) -> type:
        return equipment.mutation

    def asset_kinds(self) -> Sequence[AssetKind]:
        return (equipment.asset_kind(),)

    def ingest_specs(self) -> Sequence[IngestSpec]:
        return (equipment.ingest_spec(),)

    def navigation(self) -> Sequence[NavigationItem]:
        return (NavigationItem("equipment", "Equipment", "/equipment", icon="factory", order=100,
                               kind=KIND),)

    def dashboard_widgets(self) -> Sequence[DashboardWidget]:
        return (DashboardWidget("equipment.bytype", "Machines by type", _by_type, kind="bar",
                                order=100),)

    async def seed_demo(self, session: AsyncSession) -> None:
        """A machine record for each demo equipment asset that has none."""
        rng = random.Random(11)
        have = set(await session.scalars(select(EquipmentRow.id)))
        rows = await session.scalars(select(AssetRow).where(AssetRow.kind == KIND).order_by(AssetRow.id))
        levels = list(Criticality)
        for n, asset in enumerate(rows, start=1):
            if asset.id in have:
                continue
            vendor, model, controller, os, kind = DEMO_VENDORS[n % len(DEMO_VENDORS)]
            session.add(EquipmentRow(
                id=asset.id, machinenumber=f"M{1000 + n}", equipmenttype=kind.value, vendor=vendor,
                model=model, controllertype=controller, controlleros=os,
                installdate=date(2008, 1, 1) + timedelta(days=rng.randrange(0, 5500)),
                criticality=rng.choice(levels).value))
        await session.flush()


plugin = EquipmentPlugin()
