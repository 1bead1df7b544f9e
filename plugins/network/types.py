"""GraphQL types of the network plugin: NetworkDevice (an asset kind) and Subnet (not an asset)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from shopdb_gql.plugins import Asset, Context, related_target

from .kind import network_device
from .models import SubnetRow
from .uplink import UPLINK


@network_device.object_type
class NetworkDevice(Asset):
    """The declared fields (kind.py), and the uplink written by hand."""

    @strawberry.field(description=(
        "The asset this device's uplink goes to: the target of its `uplink` relationship."))
    async def uplink(self, info: Info[Context, Any]) -> Asset | None:
        asset: Asset | None = await related_target(info, int(self.id), UPLINK)
        return asset


@strawberry.type(description="A subnet of the site network and its VLAN. Not an asset.")
class Subnet:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    cidr: str = strawberry.field(description="The network in CIDR notation, e.g. `10.10.1.0/24`.")
    vlan_id: int | None = strawberry.field(description="VLAN number (1-4094).")
    name: str = strawberry.field(description="Display name, e.g. `Shop floor`.")
    description: str | None = strawberry.field(description="Free text.")
    gateway: str | None = strawberry.field(description="Default gateway address in the subnet.")
    created_at: datetime = strawberry.field(description="When the subnet was recorded (UTC).")
    updated_at: datetime = strawberry.field(description="When the subnet last changed (UTC).")

    @classmethod
    def from_row(cls, row: SubnetRow) -> Subnet:
        return cls(id=strawberry.ID(str(row.id)), cidr=row.cidr, vlan_id=row.vlanid,
                   name=row.name, description=row.description, gateway=row.gateway,
                   created_at=row.createdat, updated_at=row.updatedat)
