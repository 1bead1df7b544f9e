"""Finding assets by IP address: which assets of the active kinds have an address in a subnet.

Addresses are stored as text in the columns each asset kind declares as
``AssetKind.address_columns``. SQL cannot compare text addresses with a network, so the
database narrows the candidates (a prefix ``LIKE`` for IPv4 networks of /8 or longer) and
Python decides with :mod:`ipaddress`. One statement per kind that declares addresses.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

if TYPE_CHECKING:
    from shopdb_gql.core.kinds import AssetKind

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class AddressMatch:
    """An asset with an address inside the network searched: which column held it."""

    asset_id: int
    kind: str
    column: str
    address: IPAddress


def parse_address(value: str | None) -> IPAddress | None:
    """The address in ``value`` (``10.1.2.3``, ``10.1.2.3/24``, ``fe80::1%eth0``), or None."""
    text = (value or "").strip().split("/", 1)[0].split("%", 1)[0]
    if not text:
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def parse_network(value: str | IPNetwork) -> IPNetwork:
    """A network from CIDR text; host bits must be zero. Raises ValueError otherwise."""
    if isinstance(value, ipaddress.IPv4Network | ipaddress.IPv6Network):
        return value
    return ipaddress.ip_network(value.strip(), strict=True)


def _prefix_pattern(network: IPNetwork) -> str | None:
    """A ``LIKE`` pattern every IPv4 address of ``network`` matches (whole fixed octets)."""
    if network.version != 4:
        return None
    octets = network.prefixlen // 8
    if octets == 0:
        return None
    if octets == 4:
        return str(network.network_address)
    return ".".join(str(network.network_address).split(".")[:octets]) + ".%"


async def find_assets_in_network(
    session: AsyncSession, kinds: Iterable[AssetKind], network: str | IPNetwork
) -> list[AddressMatch]:
    """Assets of ``kinds`` with an address in ``network``, ordered by address then asset id.

    An asset with several matching addresses appears once (its lowest address). Only
    kinds whose ``address_columns`` are declared are searched; values that are not an IP
    address are ignored.
    """
    net = parse_network(network)
    pattern = _prefix_pattern(net)
    best: dict[int, AddressMatch] = {}
    for kind in kinds:
        model: Any = kind.model
        if model is None or not kind.address_columns:
            continue
        columns = [getattr(model, c) for c in kind.address_columns]
        query = select(model.id, *columns)
        if pattern is not None:
            query = query.where(or_(*(func.trim(c).like(pattern) for c in columns)))
        elif net.version == 6:
            query = query.where(or_(*(c.like("%:%") for c in columns)))
        for row in await session.execute(query):
            for column, value in zip(kind.address_columns, row[1:], strict=True):
                address = parse_address(value)
                if address is None or address.version != net.version or address not in net:
                    continue
                known = best.get(row[0])
                if known is None or int(address) < int(known.address):
                    best[row[0]] = AddressMatch(int(row[0]), kind.kind, column, address)
    return sorted(best.values(), key=lambda m: (int(m.address), m.asset_id))
