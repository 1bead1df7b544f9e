"""The `usbdevice` kind, declared once: its table, type, inputs, filter, CRUD and ingest."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select

from shopdb_gql.plugins import AssetCondition, AssetRow, Field, Kind, utcnow

from .models import UsbCheckoutRow


def open_checkouts() -> Select[Any]:
    return select(UsbCheckoutRow.usbdeviceid).where(UsbCheckoutRow.checkedinat.is_(None))


def overdue_checkouts() -> Select[Any]:
    return open_checkouts().where(UsbCheckoutRow.dueat < utcnow())


def checked_out_now() -> ColumnElement[bool]:
    return AssetRow.id.in_(open_checkouts())


def overdue_now() -> ColumnElement[bool]:
    return AssetRow.id.in_(overdue_checkouts())


def _out(value: bool) -> ColumnElement[bool]:
    return checked_out_now() if value else ~checked_out_now()


def _late(value: bool) -> ColumnElement[bool]:
    return overdue_now() if value else ~overdue_now()


def _held_by(holder: str) -> ColumnElement[bool]:
    held = open_checkouts().where(func.lower(UsbCheckoutRow.holder) == holder.strip().lower())
    return AssetRow.id.in_(held)


usb = Kind(
    "usbdevice", "USB device", type_name="UsbDevice", table="usbdevices",
    description="A USB storage device used to carry programs to machines.",
    input_description="A new USB device; its serial number is required and unique.",
    fields=[
        Field("label", str, max_length=120, search=True, ingest=True,
              help="What is written on the device."),
        Field("capacity_gb", float, "Capacity (GB)", min=0.001, max=100_000, ingest=True,
              help="Capacity in gigabytes."),
    ],
    name_from=("label",), serial_required=True, serial_unique=True, identity=("serial_number",),
    stale_after=timedelta(days=90), default_sort="name",
    conditions=(AssetCondition("checkedOut", "Checked out", checked_out_now),
                AssetCondition("overdue", "Overdue", overdue_now)),
    extra_filters={
        "checked_out": (bool, "True: only devices out now; false: only devices in.", _out),
        "holder": (str, "Only devices out with this holder (case-insensitive).", _held_by),
        "overdue": (bool, "True: only devices out past their due date.", _late),
    },
)
KIND = usb.key
UsbDeviceRow: Any = usb.model


async def import_checkout(session: Any, asset_id: int, values: dict[str, Any],
                          existing: int | None) -> tuple[int, bool]:
    """One loan from an import (``shopdb import legacy``): the same loan is updated on a
    later run (say it was returned since), and a loan without a return stays open."""
    if values.get("checked_out_at") is None:
        raise ValueError("no checked_out_at: a loan needs the time it began")
    wanted = {"holder": (values.get("holder") or "unknown")[:120],
              "reason": (values.get("reason") or None),
              "checkedoutat": values["checked_out_at"], "dueat": values.get("due_at"),
              "checkedinat": values.get("checked_in_at")}
    if wanted["reason"] is not None:
        wanted["reason"] = str(wanted["reason"])[:255]
    row = await session.get(UsbCheckoutRow, existing) if existing is not None else None
    if row is None or row.usbdeviceid != asset_id:
        row = UsbCheckoutRow(usbdeviceid=asset_id, checkedoutby="import", **wanted)
        if wanted["checkedinat"] is not None:
            row.checkedinby = "import"
        session.add(row)
        await session.flush()
        return row.id, True
    changed = False
    for column, value in wanted.items():
        if getattr(row, column) != value:
            setattr(row, column, value)
            changed = True
    if changed and row.checkedinat is not None and row.checkedinby is None:
        row.checkedinby = "import"
    return row.id, changed
