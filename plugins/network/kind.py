"""The `networkdevice` kind, declared once: host name, type, addresses, model, firmware, ports."""

from __future__ import annotations

import ipaddress
import re
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import ColumnElement
from strawberry.types import Info

from shopdb_gql.plugins import (
    AssetOrder,
    AssetRow,
    Context,
    ExtraInput,
    Field,
    Kind,
    UserError,
    find_assets_in_network,
)

from .uplink import write_uplink
from .values import parse_cidr

HOSTNAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
MAC_DIGITS = re.compile(r"^[0-9a-f]{12}$")


@strawberry.enum(description="What a network device is.")
class NetworkDeviceType(Enum):
    SWITCH = "SWITCH"
    ROUTER = "ROUTER"
    ACCESS_POINT = "ACCESS_POINT"
    FIREWALL = "FIREWALL"
    CAMERA = "CAMERA"
    OTHER = "OTHER"


@strawberry.type(description="Result of deleting a network device or a subnet.")
class NetworkDeletePayload:
    deleted_id: strawberry.ID | None = strawberry.field(default=None, description="What was deleted.")
    errors: list[UserError] = strawberry.field(description="Why the delete was refused.")


def _hostname(value: str) -> str:
    """A lowercase DNS host name (labels of letters, digits and hyphens), 1-120 characters."""
    hostname = value.lower().rstrip(".")
    if len(hostname) > 120 or not HOSTNAME.match(hostname):
        raise ValueError(f"{value!r} is not a host name: use letters, digits, hyphens and dots")
    return hostname


def _ip(value: str) -> str:
    """The compressed form of an IPv4/IPv6 address."""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise ValueError(f"{value!r} is not an IPv4 or IPv6 address") from None


def _mac(value: str) -> str:
    """``aa:bb:cc:dd:ee:ff`` from any common notation (colons, hyphens, dots, none)."""
    digits = re.sub(r"[:\-.\s]", "", value.lower())
    if not MAC_DIGITS.match(digits):
        raise ValueError(f"{value!r} is not a MAC address (12 hex digits)")
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2))


async def _in_subnet(info: Info[Context, Any], cidr: str) -> ColumnElement[bool]:
    """Devices whose management IP is in ``cidr`` (addresses are compared in Python)."""
    network = parse_cidr(cidr, "filter.subnet")
    ctx = info.context
    matches = await find_assets_in_network(ctx.session, [ctx.active.kinds[network_device.key]], network)
    return AssetRow.id.in_([m.asset_id for m in matches])


network_device = Kind(
    "networkdevice", "Network device", type_name="NetworkDevice", table="networkdevices",
    description=("A switch, router, access point, firewall or camera on the site network. Its "
                 "hostname identifies it (then its serial number)."),
    table_doc="Fields of a switch, router, access point, firewall or camera beyond the core columns.",
    fields=[
        Field("hostname", str, required=True, max_length=120, unique=True, search=True,
              ingest=True, clean=_hostname,
              help="Network host name, unique on the site (lowercase)."),
        Field("device_type", NetworkDeviceType, max_length=20, index=True, filter=True,
              ingest=True, default=NetworkDeviceType.OTHER, non_null=True, null_is_default=True,
              help="Switch, router, access point, firewall, camera or other."),
        Field("management_ip", str, "Management IP", max_length=45, index=True, search=True,
              address=True, ingest=True, clean=_ip, help="Management IP address (IPv4 or IPv6)."),
        Field("mac_address", str, "MAC address", max_length=17, index=True, search=True,
              ingest=True, clean=_mac,
              help="MAC address of the management interface, `aa:bb:cc:dd:ee:ff`."),
        Field("model", str, vocabulary="model",
              max_length=120, search=True, ingest=True,
              help="Model name, e.g. `C9300-48P`."),
        Field("vendor", str, vocabulary="manufacturer",
              max_length=120, index=True, filter=True, search=True, ingest=True,
              help="Manufacturer, e.g. `Cisco`."),
        Field("firmware", str, max_length=120, search=True, ingest=True,
              help="Firmware / OS version."),
        Field("port_count", int, min=0, max=10000, ingest=True, help="Number of network ports."),
    ],
    name_from=("hostname",), identity=("hostname", "serial_number"),
    extra_filters={"subnet": (str, "A CIDR network the management IP must be in.", _in_subnet)},
    extra_inputs=[ExtraInput(
        "uplink_asset_id", strawberry.ID, "The asset the uplink goes to (an `uplink` relationship).",
        "The asset the uplink goes to; null removes the uplink.")],
    after_write=write_uplink, delete_payload=NetworkDeletePayload, order_type=AssetOrder,
)
KIND = network_device.key
NetworkDeviceRow: Any = network_device.model
