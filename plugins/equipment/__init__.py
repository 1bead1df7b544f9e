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

from .models import EquipmentRow
from .schema import DeleteEquipmentPayload, EquipmentMutation, EquipmentPayload, EquipmentQuery
from .types import KIND, Criticality, Equipment, EquipmentType, build_equipment

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
        return (EquipmentPayload, DeleteEquipmentPayload)

    def query(self) -> type:
        return EquipmentQuery

    def mutation(self) -> type:
        return EquipmentMutation

    def asset_kinds(self) -> Sequence[AssetKind]:
        return (AssetKind(kind=KIND, label="Equipment", plural_label="Equipment",
                          graphql_type=Equipment, model=EquipmentRow, build=build_equipment,
                          search_columns=("machinenumber", "vendor", "model", "controllertype",
                                          "controlleros")),)

    def ingest_specs(self) -> Sequence[IngestSpec]:
        return (IngestSpec(kind=KIND, mutation_name="ingestEquipment",
                           identity=("machine_number",),
                           fields=("machine_number", "equipment_type", "vendor", "model",
                                   "controller_type", "controller_os", "install_date", "criticality"),
                           stale_after=timedelta(days=30)),)

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
