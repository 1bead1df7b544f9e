"""Subnet mutations (write scope: editors document the network, as they document assets)."""

from __future__ import annotations

import ipaddress
from typing import Any

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from shopdb_gql.plugins import (
    CanWrite,
    Context,
    ErrorCode,
    PayloadErrors,
    Tx,
    UserError,
    get_or_fail,
    perform,
    user_error,
    utcnow,
)

from .kind import NetworkDeletePayload
from .models import SubnetRow
from .types import Subnet
from .values import clean_ip, clean_network, clean_text, clean_vlan, invalid

UNSET: Any = strawberry.UNSET
COLUMNS = ("cidr", "vlanid", "name", "description", "gateway")


@strawberry.input(description="A new subnet.")
class SubnetInput:
    cidr: str = strawberry.field(description="The network in CIDR notation, e.g. `10.10.1.0/24`.")
    name: str = strawberry.field(description="Display name.")
    vlan_id: int | None = strawberry.field(default=None, description="VLAN number (1-4094).")
    description: str | None = strawberry.field(default=None, description="Free text.")
    gateway: str | None = strawberry.field(default=None, description="Default gateway (in the subnet).")


@strawberry.input(description="Changes to a subnet; omitted fields stay, null clears.")
class SubnetUpdateInput:
    cidr: str | None = strawberry.field(default=UNSET, description="The network in CIDR notation.")
    name: str | None = strawberry.field(default=UNSET, description="Display name.")
    vlan_id: int | None = strawberry.field(default=UNSET, description="VLAN number (1-4094).")
    description: str | None = strawberry.field(default=UNSET, description="Free text.")
    gateway: str | None = strawberry.field(default=UNSET, description="Default gateway.")


@strawberry.type(description="Result of a subnet mutation.")
class SubnetPayload:
    subnet: Subnet | None = strawberry.field(default=None, description="The subnet, after.")
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


async def subnet_values(tx: Tx, data: Any, row: SubnetRow | None) -> dict[str, Any]:
    """Validated column values of the given fields, checked against the subnet's other fields."""
    values: dict[str, Any] = {}
    if data.cidr is not UNSET:
        cidr = str(clean_network(data.cidr))
        clash = await tx.session.scalar(select(SubnetRow.id).where(SubnetRow.cidr == cidr))
        if clash is not None and (row is None or clash != row.id):
            raise PayloadErrors(user_error(ErrorCode.CONFLICT, f"Subnet {cidr} is recorded already",
                                           "input", "cidr"))
        values["cidr"] = cidr
    if data.name is not UNSET:
        name = clean_text(data.name, 120, "name")
        if name is None:
            raise PayloadErrors(user_error(ErrorCode.REQUIRED, "A name is required", "input", "name"))
        values["name"] = name
    if data.vlan_id is not UNSET:
        values["vlanid"] = clean_vlan(data.vlan_id)
    if data.description is not UNSET:
        values["description"] = (data.description or "").strip() or None
    if data.gateway is not UNSET:
        values["gateway"] = clean_ip(data.gateway, "gateway")
    gateway = values.get("gateway", row.gateway if row else None)
    if gateway is not None:
        network = ipaddress.ip_network(values.get("cidr", row.cidr if row else "0.0.0.0/0"))
        if ipaddress.ip_address(gateway) not in network:
            raise invalid(f"The gateway {gateway} is not in {network}", "gateway")
    return values


def _changes(row: SubnetRow, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    changes = {}
    for column, new in values.items():
        if getattr(row, column) != new:
            changes[column] = {"old": getattr(row, column), "new": new}
            setattr(row, column, new)
    return changes


@strawberry.type
class SubnetMutation:
    @strawberry.mutation(description="Record a subnet (write permission).",
                         permission_classes=[CanWrite])
    async def create_subnet(self, info: Info[Context, Any], input: SubnetInput) -> SubnetPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = SubnetRow(**await subnet_values(tx, input, None))
            now = utcnow()
            row.createdat, row.updatedat = now, now
            tx.session.add(row)
            await tx.session.flush()
            created = {c: {"old": None, "new": getattr(row, c)} for c in COLUMNS
                       if getattr(row, c) is not None}
            await tx.audit("create", "subnet", row.id, created, summary=f"{row.cidr} {row.name}")
            return {"subnet": Subnet.from_row(row)}

        return await perform(info, SubnetPayload, work)

    @strawberry.mutation(description="Change a subnet (write permission).",
                         permission_classes=[CanWrite])
    async def update_subnet(self, info: Info[Context, Any], id: strawberry.ID,
                            input: SubnetUpdateInput) -> SubnetPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row: SubnetRow = await get_or_fail(tx.session, SubnetRow, id, "subnet")
            changes = _changes(row, await subnet_values(tx, input, row))
            if changes:
                row.updatedat = utcnow()
                await tx.audit("update", "subnet", row.id, changes, summary=row.cidr)
            await tx.session.flush()
            return {"subnet": Subnet.from_row(row)}

        return await perform(info, SubnetPayload, work)

    @strawberry.mutation(description="Delete a subnet (write permission). Assets are untouched.",
                         permission_classes=[CanWrite])
    async def delete_subnet(self, info: Info[Context, Any], id: strawberry.ID) -> NetworkDeletePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row: SubnetRow = await get_or_fail(tx.session, SubnetRow, id, "subnet")
            old = {c: {"old": getattr(row, c), "new": None} for c in COLUMNS
                   if getattr(row, c) is not None}
            await tx.audit("delete", "subnet", row.id, old, summary=row.cidr)
            await tx.session.delete(row)
            return {"deleted_id": strawberry.ID(str(row.id))}

        return await perform(info, NetworkDeletePayload, work)
