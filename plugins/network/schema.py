"""Root queries of the network plugin written by hand: subnets and the assets in a subnet."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from shopdb_gql.plugins import (
    Asset,
    CanRead,
    Connection,
    Context,
    Page,
    fetch_page,
    find_assets_in_network,
    make_connection,
)

from .models import SubnetRow
from .types import Subnet
from .values import bad_input, parse_cidr


@strawberry.type
class SubnetQuery:
    """Subnets and the assets in one; ``networkDevice(s)`` are declared in kind.py."""

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
