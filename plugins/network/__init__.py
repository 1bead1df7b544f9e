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
from strawberry.tools import merge_types

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
from .models import NetworkDeviceRow, SubnetRow
from .mutations import NetworkDeletePayload, NetworkDevicePayload, NetworkMutation
from .schema import NetworkQuery
from .subnets import SubnetMutation, SubnetPayload
from .types import KIND, NetworkDevice, NetworkDeviceType, Subnet, build_device

INGEST_SPEC = IngestSpec(
    kind=KIND, mutation_name="ingestNetworkDevices", identity=("hostname", "serial_number"),
    fields=("hostname", "device_type", "management_ip", "mac_address", "model", "vendor",
            "firmware", "port_count"),
)


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
        return (Subnet, NetworkDeviceType, NetworkDevicePayload, NetworkDeletePayload,
                SubnetPayload)

    def query(self) -> type:
        return NetworkQuery

    def mutation(self) -> type:
        return merge_types("NetworkMutation", (NetworkMutation, SubnetMutation))

    def asset_kinds(self) -> Sequence[AssetKind]:
        return (AssetKind(kind=KIND, label="Network device", graphql_type=NetworkDevice,
                          model=NetworkDeviceRow, build=build_device,
                          search_columns=("hostname", "managementip", "macaddress", "model",
                                          "vendor", "firmware"),
                          address_columns=("managementip",)),)

    def ingest_specs(self) -> Sequence[IngestSpec]:
        return (INGEST_SPEC,)

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
