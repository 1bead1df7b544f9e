"""Mutations of the network plugin: network devices (write scope) and subnets (write scope)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import strawberry
from sqlalchemy import delete, select
from strawberry.types import Info

from shopdb_gql.plugins import (
    AssetRelationshipRow,
    AssetRow,
    CanWrite,
    Context,
    ErrorCode,
    PayloadErrors,
    Tx,
    UserError,
    core_values,
    create_asset,
    delete_asset,
    get_or_fail,
    perform,
    update_asset,
    user_error,
)

from .models import NetworkDeviceRow
from .types import KIND, UPLINK, NetworkDevice, NetworkDeviceType, build_device
from .values import clean_hostname, clean_ip, clean_mac, clean_port_count, clean_text

UNSET: Any = strawberry.UNSET
CORE_FIELDS = ("asset_tag", "name", "serial_number", "status_id", "location_id", "notes")


@strawberry.input(description="A new network device.")
class NetworkDeviceInput:
    hostname: str = strawberry.field(description="Host name, unique on the site.")
    name: str | None = strawberry.field(default=None, description="Display name (default: hostname).")
    asset_tag: str | None = strawberry.field(default=None, description="Asset number (generated if empty).")
    serial_number: str | None = strawberry.field(default=None, description="Serial number.")
    status_id: strawberry.ID | None = strawberry.field(default=None, description="Status (default: in use).")
    location_id: strawberry.ID | None = strawberry.field(default=None, description="Location.")
    notes: str | None = strawberry.field(default=None, description="Free text.")
    device_type: NetworkDeviceType = strawberry.field(default=NetworkDeviceType.OTHER,
                                                      description="What the device is.")
    management_ip: str | None = strawberry.field(default=None, description="Management IP address.")
    mac_address: str | None = strawberry.field(default=None, description="MAC address.")
    model: str | None = strawberry.field(default=None, description="Model name.")
    vendor: str | None = strawberry.field(default=None, description="Manufacturer.")
    firmware: str | None = strawberry.field(default=None, description="Firmware / OS version.")
    port_count: int | None = strawberry.field(default=None, description="Number of ports.")
    uplink_asset_id: strawberry.ID | None = strawberry.field(
        default=None, description="The asset the uplink goes to (an `uplink` relationship).")


@strawberry.input(description="Changes to a network device; omitted fields stay, null clears.")
class NetworkDeviceUpdateInput:
    hostname: str | None = strawberry.field(default=UNSET, description="Host name.")
    name: str | None = strawberry.field(default=UNSET, description="Display name.")
    asset_tag: str | None = strawberry.field(default=UNSET, description="Asset number.")
    serial_number: str | None = strawberry.field(default=UNSET, description="Serial number.")
    status_id: strawberry.ID | None = strawberry.field(default=UNSET, description="Status.")
    location_id: strawberry.ID | None = strawberry.field(default=UNSET, description="Location.")
    notes: str | None = strawberry.field(default=UNSET, description="Free text.")
    device_type: NetworkDeviceType | None = strawberry.field(default=UNSET,
                                                             description="What the device is.")
    management_ip: str | None = strawberry.field(default=UNSET, description="Management IP address.")
    mac_address: str | None = strawberry.field(default=UNSET, description="MAC address.")
    model: str | None = strawberry.field(default=UNSET, description="Model name.")
    vendor: str | None = strawberry.field(default=UNSET, description="Manufacturer.")
    firmware: str | None = strawberry.field(default=UNSET, description="Firmware / OS version.")
    port_count: int | None = strawberry.field(default=UNSET, description="Number of ports.")
    uplink_asset_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="The asset the uplink goes to; null removes the uplink.")


@strawberry.type(description="Result of a network device mutation.")
class NetworkDevicePayload:
    network_device: NetworkDevice | None = strawberry.field(default=None, description="The device, after.")
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type(description="Result of deleting a network device or a subnet.")
class NetworkDeletePayload:
    deleted_id: strawberry.ID | None = strawberry.field(default=None, description="What was deleted.")
    errors: list[UserError] = strawberry.field(description="Why the delete was refused.")


async def device_values(tx: Tx, data: Any, own_id: int | None) -> dict[str, Any]:
    """Validated extension column values from the given (not UNSET) device fields."""
    values: dict[str, Any] = {}
    if data.hostname is not UNSET:
        hostname = clean_hostname(data.hostname)
        clash = await tx.session.scalar(select(NetworkDeviceRow.id)
                                        .where(NetworkDeviceRow.hostname == hostname))
        if clash is not None and clash != own_id:
            raise PayloadErrors(user_error(ErrorCode.CONFLICT, f"Hostname {hostname!r} is taken",
                                           "input", "hostname"))
        values["hostname"] = hostname
    if data.device_type is not UNSET:
        values["devicetype"] = (data.device_type or NetworkDeviceType.OTHER).value
    if data.management_ip is not UNSET:
        values["managementip"] = clean_ip(data.management_ip, "managementIp")
    if data.mac_address is not UNSET:
        values["macaddress"] = clean_mac(data.mac_address)
    for field in ("model", "vendor", "firmware"):
        if getattr(data, field) is not UNSET:
            values[field] = clean_text(getattr(data, field), 120, field)
    if data.port_count is not UNSET:
        values["portcount"] = clean_port_count(data.port_count)
    return values


async def set_uplink(tx: Tx, source: AssetRow, target_id: object | None) -> None:
    """Replace the device's ``uplink`` relationship (None removes it); audited as relate/unrelate."""
    rel = AssetRelationshipRow
    old = (await tx.session.scalars(select(rel).where(rel.sourceid == source.id,
                                                      rel.type == UPLINK))).all()
    target = None
    if target_id is not None:
        target = await get_or_fail(tx.session, AssetRow, target_id, "asset", "input", "uplinkAssetId")
        if target.id == source.id:
            raise PayloadErrors(user_error(ErrorCode.INVALID, "A device cannot be its own uplink",
                                           "input", "uplinkAssetId"))
    if target is not None and [r.targetid for r in old] == [target.id]:
        return
    for row in old:
        await tx.audit("unrelate", "asset", source.id, {"relationship": {
            "old": {"id": row.id, "type": UPLINK, "target": row.targetid,
                    "inheritsposition": row.inheritsposition}, "new": None}}, summary=UPLINK)
    await tx.session.execute(delete(rel).where(rel.sourceid == source.id, rel.type == UPLINK))
    if target is not None:
        link = rel(sourceid=source.id, targetid=target.id, type=UPLINK, inheritsposition=False)
        tx.session.add(link)
        await tx.session.flush()
        await tx.audit("relate", "asset", source.id, {"relationship": {
            "old": None, "new": {"id": link.id, "type": UPLINK, "target": target.id,
                                 "inheritsposition": False}}}, summary=f"{UPLINK} {target.name}")


@strawberry.type
class NetworkMutation:
    @strawberry.mutation(description="Create a network device.", permission_classes=[CanWrite])
    async def create_network_device(
        self, info: Info[Context, Any], input: NetworkDeviceInput
    ) -> NetworkDevicePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            ext_values = await device_values(tx, input, None)
            given = {f: getattr(input, f) for f in CORE_FIELDS if getattr(input, f) is not None}
            given.setdefault("name", ext_values["hostname"])
            core = await core_values(tx.session, SimpleNamespace(**given), None)
            row = await create_asset(tx, KIND, core, NetworkDeviceRow(**ext_values))
            if input.uplink_asset_id is not None:
                await set_uplink(tx, row, input.uplink_asset_id)
            ext = await tx.session.get(NetworkDeviceRow, row.id)
            return {"network_device": build_device(row, ext)}

        return await perform(info, NetworkDevicePayload, work)

    @strawberry.mutation(description="Change a network device.", permission_classes=[CanWrite])
    async def update_network_device(
        self, info: Info[Context, Any], id: strawberry.ID, input: NetworkDeviceUpdateInput
    ) -> NetworkDevicePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await get_or_fail(tx.session, AssetRow, id, "network device")
            if row.kind != KIND:
                raise PayloadErrors(user_error(ErrorCode.NOT_FOUND,
                                               f"Asset {id} is not a network device", "id"))
            if input.hostname is None:
                raise PayloadErrors(user_error(ErrorCode.REQUIRED, "A hostname is required",
                                               "input", "hostname"))
            ext_values = await device_values(tx, input, row.id)
            result = await update_asset(tx, id, input, ext_values, NetworkDeviceRow, kind=KIND)
            if input.uplink_asset_id is not UNSET:
                await set_uplink(tx, row, input.uplink_asset_id)
            return {"network_device": result["asset"]}

        return await perform(info, NetworkDevicePayload, work)

    @strawberry.mutation(description="Delete a network device (and its relationships).",
                         permission_classes=[CanWrite])
    async def delete_network_device(
        self, info: Info[Context, Any], id: strawberry.ID
    ) -> NetworkDeletePayload:
        return await perform(info, NetworkDeletePayload, lambda tx: delete_asset(tx, id, kind=KIND))

