"""The network plugin: switches, routers, access points, firewalls and cameras, and subnets.

Network devices are the ``networkdevice`` asset kind (``NetworkDevice``); their uplink is a
core relationship of type ``uplink``. Subnets/VLANs are a plain table (``Subnet``, not
assets); ``assetsInSubnet`` finds the assets of every enabled kind whose declared address
columns hold an address in a subnet.
"""

from __future__ import annotations

from collections.abc import Sequence

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

from . import seed
from .kind import KIND, NetworkDeviceRow, NetworkDeviceType, network_device
from .models import SubnetRow
from .schema import SubnetQuery
from .subnets import SubnetMutation, SubnetPayload
from .types import Subnet


async def _by_type(session: AsyncSession) -> WidgetValue:
    rows = (await session.execute(
        select(NetworkDeviceRow.devicetype, func.count()).join(
            AssetRow, AssetRow.id == NetworkDeviceRow.id)
        .group_by(NetworkDeviceRow.devicetype).order_by(NetworkDeviceRow.devicetype))).all()
    total = sum(int(n) for _, n in rows)
    return WidgetValue(value=float(total), text="network devices", link="/network",
                       rows=[(str(t).replace("_", " ").lower(), float(n)) for t, n in rows])


class NetworkPlugin(Plugin):
    """Contributes ``NetworkDevice``, ``Subnet``, their root fields, a menu entry and a tile."""

    def models(self) -> Sequence[type[Base]]:
        return (NetworkDeviceRow, SubnetRow)

    def types(self) -> Sequence[type]:
        return (Subnet, NetworkDeviceType, *network_device.types(), SubnetPayload)

    def query(self) -> type:
        return network_device.query_with(SubnetQuery)

    def mutation(self) -> type:
        return network_device.mutation_with(SubnetMutation)

    def asset_kinds(self) -> Sequence[AssetKind]:
        return (network_device.asset_kind(),)

    def ingest_specs(self) -> Sequence[IngestSpec]:
        return (network_device.ingest_spec(),)

    def navigation(self) -> Sequence[NavigationItem]:
        return (NavigationItem("network", "Network", "/network", icon="network", order=140,
                               kind=KIND),
                NavigationItem("subnets", "Subnets", "/network/subnets", icon="sitemap",
                               order=145))

    def dashboard_widgets(self) -> Sequence[DashboardWidget]:
        return (DashboardWidget("networkdevices", "Network devices", _by_type, kind="bar",
                                order=140),)

    async def seed_demo(self, session: AsyncSession) -> None:
        await seed.seed_demo(session)


plugin = NetworkPlugin()
