"""The `printer` kind, declared once: host name, address, vendor, queue, driver, page count."""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, select

from shopdb_gql.plugins import AssetCondition, AssetRow, Field, Kind

from .models import PrinterSupplyRow

LOW_SUPPLY_PERCENT = 15


def low_supply(threshold: int) -> ColumnElement[bool]:
    """Condition: the asset is a printer with a supply below ``threshold`` percent."""
    return AssetRow.id.in_(select(PrinterSupplyRow.printerid)
                           .where(PrinterSupplyRow.level < threshold))


def _hostname(value: str) -> str:
    if len(value) > 120 or any(c.isspace() for c in value):
        raise ValueError("A hostname has at most 120 characters and no spaces")
    return value.lower()


def _address(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value[:46]))
    except ValueError:
        raise ValueError(f"{value[:46]!r} is not an IP address") from None


LOW_SUPPLIES = AssetCondition("lowSupplies", f"Low on supplies (below {LOW_SUPPLY_PERCENT} %)",
                              lambda: low_supply(LOW_SUPPLY_PERCENT))

printer = Kind(
    "printer", "Printer", type_name="Printer", table="printers",
    description="A network or local printer.",
    input_description="A new printer: give a hostname or a serial number (or both).",
    fields=[
        Field("hostname", str, max_length=120, unique=True, clean=_hostname,
              search=True, sort=True, ingest=True, help="Network host name; unique."),
        Field("ip_address", str, max_length=45, index=True, clean=_address,
              search=True, sort=True, address=True, ingest=True, help="IPv4 or IPv6 address."),
        Field("vendor", str, vocabulary="manufacturer",
              max_length=120, index=True, filter=True, search=True, sort=True,
              ingest=True, help="Manufacturer."),
        Field("model", str, vocabulary="model",
              max_length=120, search=True, ingest=True, help="Manufacturer's model name."),
        Field("queue_name", str, max_length=120, search=True, ingest=True,
              help="Print queue or share name, e.g. \\\\printsrv\\HALL1-BAYA."),
        Field("driver", str, max_length=200, search=True, ingest=True, help="Printer driver name."),
        Field("page_count", int, min=0, sort=True, ingest=True, help="Total pages printed."),
    ],
    name_from=("hostname",), require_any=("hostname", "serial_number"),
    identity=("hostname", "serial_number"), stale_after=timedelta(days=7), default_sort="name",
    conditions=(LOW_SUPPLIES,),
    extra_filters={"low_supply_below": (
        int, "Only printers with a supply level below this percentage.", low_supply)},
)
KIND = printer.key
PrinterRow: Any = printer.model
