"""Root queries of the network plugin: devices, subnets, and the assets in a subnet."""

from __future__ import annotations

import ipaddress
from typing import Any

import strawberry
from graphql import GraphQLError
from sqlalchemy import Select, func, select
from strawberry.types import Info

from shopdb_gql.plugins import (
    Asset,
    AssetFilter,
    AssetOrder,
    AssetRow,
    CanRead,
    Connection,
    Context,
    Page,
    apply_asset_filter,
    apply_asset_order,
    asset_page,
    fetch_page,
    find_assets_in_network,
    make_connection,
)

from .models import NetworkDeviceRow, SubnetRow
from .types import KIND, NetworkDevice, NetworkDeviceType, Subnet


def bad_input(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


def parse_cidr(value: str, argument: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(value.strip(), strict=True)
    except ValueError as exc:
        raise bad_input(f"`{argument}` must be a network in CIDR notation with host bits zero, "
                        f"e.g. 10.10.1.0/24: {exc}") from exc


@strawberry.input(description="Narrows a list of network devices. All given criteria must match.")
class NetworkDeviceFilter:
    device_types: list[NetworkDeviceType] | None = strawberry.field(
        default=None, description="Device types.")
    vendor: str | None = strawberry.field(default=None, description="Vendor (case-insensitive).")
    subnet: str | None = strawberry.field(
        default=None, description="A CIDR network the management IP must be in.")
    statuses: list[strawberry.ID] | None = strawberry.field(default=None, description="Status ids.")
    locations: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Location ids.")
    text: str | None = strawberry.field(default=None, description=(
        "Matches asset tag, name, serial number, notes, hostname, management IP, MAC, model, "
        "vendor and firmware."))


async def device_query(info: Info[Context, Any], flt: NetworkDeviceFilter | None) -> Select[Any]:
    ctx = info.context
    query = select(AssetRow).where(AssetRow.kind == KIND)
    if flt is None:
        return query
    core = AssetFilter(statuses=flt.statuses, locations=flt.locations, text=flt.text)
    query = apply_asset_filter(query, core, ctx.active.kinds)
    dev = NetworkDeviceRow
    if flt.device_types is not None:
        query = query.where(AssetRow.id.in_(select(dev.id).where(
            dev.devicetype.in_([t.value for t in flt.device_types]))))
    if flt.vendor is not None:
        query = query.where(AssetRow.id.in_(select(dev.id).where(
            func.lower(dev.vendor) == flt.vendor.strip().lower())))
    if flt.subnet is not None:
        network = parse_cidr(flt.subnet, "filter.subnet")
        kind = ctx.active.kinds[KIND]
        matches = await find_assets_in_network(ctx.session, [kind], network)
        query = query.where(AssetRow.id.in_([m.asset_id for m in matches]))
    return query


@strawberry.type
class NetworkQuery:
    @strawberry.field(description="One network device by id.", permission_classes=[CanRead])
    async def network_device(self, info: Info[Context, Any], id: strawberry.ID) -> NetworkDevice | None:
        try:
            asset = await info.context.loaders.asset_by_id.load(int(id))
        except ValueError as exc:
            raise bad_input("network device ids must be numeric") from exc
        return asset if isinstance(asset, NetworkDevice) else None

    @strawberry.field(description="Network devices, filtered, sorted and paged.",
                      permission_classes=[CanRead])
    async def network_devices(
        self, info: Info[Context, Any], filter: NetworkDeviceFilter | None = None,
        order_by: list[AssetOrder] | None = None, first: int | None = 50,
        after: str | None = None,
    ) -> Connection[NetworkDevice]:
        query = apply_asset_order(await device_query(info, filter), order_by)
        return await asset_page(info, query, first, after)

    @strawberry.field(description="One subnet by id.", permission_classes=[CanRead])
    async def subnet(self, info: Info[Context, Any], id: strawberry.ID) -> Subnet | None:
        try:
            row = await info.context.session.get(SubnetRow, int(id))
        except ValueError as exc:
            raise bad_input("subnet ids must be numeric") from exc
        return Subnet.from_row(row) if row else None

    @strawberry.field(description="The site's subnets, by VLAN then id, paged.",
                      permission_classes=[CanRead])
    async def subnets(self, info: Info[Context, Any], first: int | None = 50,
                      after: str | None = None) -> Connection[Subnet]:
        page = Page.parse(first, after, cap=info.context.settings.max_page_size)
        query = select(SubnetRow).order_by(SubnetRow.vlanid, SubnetRow.id)
        rows, total = await fetch_page(info.context.session, query, page)
        return make_connection([Subnet.from_row(r) for r in rows], page, total)

    @strawberry.field(description=(
        "Assets of every enabled kind with an address in a subnet (a recorded subnet by id, "
        "or any CIDR network), ordered by address. Give exactly one of subnetId and cidr."),
        permission_classes=[CanRead])
    async def assets_in_subnet(
        self, info: Info[Context, Any], subnet_id: strawberry.ID | None = None,
        cidr: str | None = None, first: int | None = 50, after: str | None = None,
    ) -> Connection[Asset]:
        ctx = info.context
        page = Page.parse(first, after, cap=ctx.settings.max_page_size)
        if (subnet_id is None) == (cidr is None):
            raise bad_input("Give exactly one of `subnetId` and `cidr`")
        if subnet_id is not None:
            try:
                row = await ctx.session.get(SubnetRow, int(subnet_id))
            except ValueError as exc:
                raise bad_input("subnet ids must be numeric") from exc
            if row is None:
                raise bad_input(f"No subnet with id {subnet_id}")
            cidr = row.cidr
        assert cidr is not None
        network = parse_cidr(cidr, "cidr")
        matches = await find_assets_in_network(ctx.session, ctx.active.kinds.values(), network)
        chosen = matches[page.offset:page.offset + page.first]
        assets = await ctx.loaders.asset_by_id.load_many([m.asset_id for m in chosen])
        return make_connection([a for a in assets if a is not None], page, len(matches))
