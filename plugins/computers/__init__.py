"""The computers plugin: PCs on the shop floor and in offices, fed by inventory collectors.

Contributes the ``computer`` asset kind (``Computer``), ``computer``/``computers`` queries,
create/update/delete mutations, the ``ingestComputers`` collector mutation (identity:
hostname, then serial number), a menu entry and a "PCs by type" dashboard tile.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta

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
    refresh_identities,
    utcnow,
)

from .applications import ComputerApplication
from .kind import KIND, ComputerRow, PcType, computer
from .models import ComputerApplicationRow
from .types import Computer

INGEST = computer.ingest_spec()

DEMO_MODELS = [("Dell", "OptiPlex 7090"), ("HP", "EliteDesk 800 G6"), ("Lenovo", "ThinkCentre M90q"),
               ("Beckhoff", "C6920 Industrial PC"), ("Siemens", "SIMATIC IPC427E")]
DEMO_OS = [("Windows 10 IoT Enterprise", "21H2"), ("Windows 11 Pro", "23H2"),
           ("Windows 10 Pro", "22H2"), ("Ubuntu", "22.04")]
DEMO_APPS = [("Mastercam", "2024"), ("Siemens NX", "2306"), ("Microsoft Office", "16.0"),
             ("FactoryTalk View", "13.0"), ("PC-DMIS", "2023.2"), ("Notepad++", "8.6")]


async def _by_type(session: AsyncSession) -> WidgetValue:
    rows = (await session.execute(
        select(ComputerRow.pctype, func.count()).join(AssetRow, AssetRow.id == ComputerRow.id)
        .where(AssetRow.kind == KIND).group_by(ComputerRow.pctype))).all()
    pairs = sorted(((t or "UNKNOWN").replace("_", " ").lower(), float(n)) for t, n in rows)
    return WidgetValue(value=sum(n for _, n in pairs), text="PCs", rows=pairs, link="/computers")


class ComputersPlugin(Plugin):
    """PCs: hostname, OS, network, installed applications; collectors via ingestComputers."""

    def models(self) -> Sequence[type[Base]]:
        return (ComputerRow, ComputerApplicationRow)

    def types(self) -> Sequence[type]:
        return (*computer.types(), Computer, ComputerApplication, PcType)

    def query(self) -> type:
        return computer.query

    def mutation(self) -> type:
        return computer.mutation

    def asset_kinds(self) -> Sequence[AssetKind]:
        return (computer.asset_kind(),)

    def ingest_specs(self) -> Sequence[IngestSpec]:
        return (INGEST,)

    def navigation(self) -> Sequence[NavigationItem]:
        return (NavigationItem("computers", "Computers", "/computers", icon="monitor", order=20,
                               kind=KIND),)

    def dashboard_widgets(self) -> Sequence[DashboardWidget]:
        return (DashboardWidget("computersbytype", "PCs by type", _by_type, kind="bar",
                                order=20),)

    async def seed_demo(self, session: AsyncSession) -> None:
        """Computer rows (and a few applications) for the demo site's computer assets."""
        rng = random.Random(11)
        assets = (await session.scalars(select(AssetRow).where(AssetRow.kind == KIND)
                                        .order_by(AssetRow.id))).all()
        have = set(await session.scalars(select(ComputerRow.id)))
        now = utcnow()
        for n, asset in enumerate(assets):
            if asset.id in have:
                continue
            maker, model = rng.choice(DEMO_MODELS)
            os_name, os_version = rng.choice(DEMO_OS)
            pctype = "SHOP_FLOOR" if n < 40 else rng.choice(["OFFICE", "ENGINEERING", "KIOSK"])
            session.add(ComputerRow(
                id=asset.id, hostname=asset.name.upper(), manufacturer=maker, model=model,
                osname=os_name, osversion=os_version, pctype=pctype,
                # the demo subnets of the network plugin: shop floor 10.10.1.0/24, offices 10.10.2.0/24
                ipaddress=f"10.10.{1 if pctype == 'SHOP_FLOOR' else 2}.{n % 200 + 20}",
                macaddress=":".join(f"{rng.randrange(256):02X}" for _ in range(6)),
                loggedonuser=f"operator{rng.randrange(1, 40):02d}",
                lastbootat=now - timedelta(hours=rng.randrange(1, 400))))
        await session.flush()  # computers first: applications reference them
        for asset in assets:
            if asset.id not in have:
                for app, version in rng.sample(DEMO_APPS, 2):
                    session.add(ComputerApplicationRow(computerid=asset.id, name=app,
                                                       version=version))
        await session.flush()
        await refresh_identities(session, self, INGEST)


plugin = ComputersPlugin()
