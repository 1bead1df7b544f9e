"""Demo data: the demo site's 16 switches get their network fields and uplinks; three subnets."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.plugins import AssetRelationshipRow, AssetRow

from .kind import KIND, NetworkDeviceRow
from .models import SubnetRow
from .uplink import UPLINK

SUBNETS = [("10.10.1.0/24", 10, "Shop floor", "Machines, shop-floor PCs and printers", "10.10.1.1"),
           ("10.10.2.0/24", 20, "Offices", "Office PCs and printers", "10.10.2.1"),
           ("10.10.9.0/24", 90, "Management", "Management interfaces of network devices",
            "10.10.9.1")]


async def seed_demo(session: AsyncSession) -> None:
    """Add network fields for every demo network device that has none, and the subnets."""
    if not await session.scalar(select(func.count()).select_from(SubnetRow)):
        session.add_all(SubnetRow(cidr=c, vlanid=v, name=n, description=d, gateway=g)
                        for c, v, n, d, g in SUBNETS)
    known = select(NetworkDeviceRow.id)
    devices = list(await session.scalars(select(AssetRow).where(AssetRow.kind == KIND,
                                                                AssetRow.id.not_in(known))
                                         .order_by(AssetRow.id)))
    if not devices:
        await session.flush()
        return
    core = devices[0]
    for n, device in enumerate(devices, start=1):
        is_core = device is core
        session.add(NetworkDeviceRow(
            id=device.id, hostname=device.name.lower(), devicetype="SWITCH",
            managementip=f"10.10.9.{10 + n}", macaddress=f"00:1b:54:09:{n // 256:02x}:{n % 256:02x}",
            model="C9500-24Y4C" if is_core else "C9200-48P", vendor="Cisco",
            firmware="17.9.4", portcount=28 if is_core else 52))
        if not is_core:
            session.add(AssetRelationshipRow(sourceid=device.id, targetid=core.id, type=UPLINK,
                                             inheritsposition=False))
    await session.flush()
