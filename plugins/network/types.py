"""GraphQL types of the network plugin: NetworkDevice (an asset kind) and Subnet (not an asset)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from shopdb_gql.plugins import Asset, AssetRow, Context, asset_fields, related_target

from .models import NetworkDeviceRow, SubnetRow

KIND = "networkdevice"
UPLINK = "uplink"


@strawberry.enum(description="What a network device is.")
class NetworkDeviceType(Enum):
    SWITCH = "SWITCH"
    ROUTER = "ROUTER"
    ACCESS_POINT = "ACCESS_POINT"
    FIREWALL = "FIREWALL"
    CAMERA = "CAMERA"
    OTHER = "OTHER"


def device_type(value: str | None) -> NetworkDeviceType:
    try:
        return NetworkDeviceType(value or "OTHER")
    except ValueError:
        return NetworkDeviceType.OTHER


@strawberry.type(description=(
    "A switch, router, access point, firewall or camera on the site network. Its hostname "
    "identifies it (then its serial number)."))
class NetworkDevice(Asset):
    hostname: str | None = strawberry.field(
        default=None, description="Network host name, unique on the site (lowercase).")
    device_type: NetworkDeviceType = strawberry.field(
        default=NetworkDeviceType.OTHER, description="Switch, router, access point...")
    management_ip: str | None = strawberry.field(
        default=None, description="Management IP address (IPv4 or IPv6).")
    mac_address: str | None = strawberry.field(
        default=None, description="MAC address of the management interface, `aa:bb:cc:dd:ee:ff`.")
    model: str | None = strawberry.field(default=None, description="Model name, e.g. `C9300-48P`.")
    vendor: str | None = strawberry.field(default=None, description="Manufacturer, e.g. `Cisco`.")
    firmware: str | None = strawberry.field(default=None, description="Firmware / OS version.")
    port_count: int | None = strawberry.field(default=None, description="Number of network ports.")

    @strawberry.field(description=(
        "The asset this device's uplink goes to: the target of its `uplink` relationship."))
    async def uplink(self, info: Info[Context, Any]) -> Asset | None:
        asset: Asset | None = await related_target(info, int(self.id), UPLINK)
        return asset


def build_device(row: AssetRow, ext: NetworkDeviceRow | None) -> NetworkDevice:
    """The GraphQL object for a network device asset (extension row may be missing)."""
    if ext is None:
        return NetworkDevice(**asset_fields(row))
    return NetworkDevice(**asset_fields(row), hostname=ext.hostname,
                         device_type=device_type(ext.devicetype), management_ip=ext.managementip,
                         mac_address=ext.macaddress, model=ext.model, vendor=ext.vendor,
                         firmware=ext.firmware, port_count=ext.portcount)


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
