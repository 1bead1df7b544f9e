"""The `computer` kind, declared once: ten fields, each named here and nowhere else."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, or_

from shopdb_gql.plugins import ExtraInput, Field, Kind, like_pattern

from .applications import ComputerApplicationInput, write_links


@strawberry.enum(description="What a PC is used for.")
class PcType(Enum):
    SHOP_FLOOR = "SHOP_FLOOR"
    ENGINEERING = "ENGINEERING"
    OFFICE = "OFFICE"
    KIOSK = "KIOSK"
    LAB = "LAB"
    SERVER = "SERVER"
    OTHER = "OTHER"


def _os_matches(text: str) -> ColumnElement[bool]:
    row: Any = computer.model
    pattern = like_pattern(text)
    return or_(row.osname.ilike(pattern, escape="\\"), row.osversion.ilike(pattern, escape="\\"))


computer = Kind(
    "computer", "Computer", type_name="Computer", table="computers",
    description="A PC on the shop floor or in an office.",
    fields=[
        Field("hostname", str, required=True, index=True, search=True, sort=True,
              ingest=True, help="Network host name."),
        Field("manufacturer", str, vocabulary="manufacturer",
              max_length=120, ingest=True, help="Maker, e.g. Dell."),
        Field("model", str, vocabulary="model",
              max_length=120, ingest=True, help="Model, e.g. OptiPlex 7090."),
        Field("os_name", str, max_length=120, sort=True, ingest=True,
              help="Operating system name."),
        Field("os_version", str, max_length=80, ingest=True,
              help="Operating system version or build."),
        Field("pc_type", PcType, index=True, filter=True, sort=True, ingest=True,
              help="What the PC is used for."),
        Field("ip_address", str, max_length=64, search=True, address=True,
              ingest=True, help="Primary IP address."),
        Field("mac_address", str, max_length=64, search=True, ingest=True,
              help="Primary MAC address."),
        Field("logged_on_user", str, max_length=120, search=True, ingest=True,
              help="User logged on when last seen."),
        Field("last_boot_at", datetime, sort=True, ingest=True,
              help="When the PC last booted (UTC)."),
    ],
    name_from=("hostname",), identity=("hostname", "serial_number"),
    normalizers={"hostname": "hostname", "mac_address": "mac"}, stale_after=timedelta(days=30),
    extra_filters={"os": (str, "Substring of the OS name or version.", _os_matches)},
    extra_inputs=[
        ExtraInput("applications", list[ComputerApplicationInput], "Installed applications.",
                   "Installed applications (replaces the list; null clears)."),
        ExtraInput("controls_asset_id", strawberry.ID,
                   "Equipment this shop-floor PC controls: a controls relationship that passes "
                   "the machine's map position on to the PC.",
                   "Equipment this PC controls (replaces the controls link; null removes it)."),
    ],
    after_write=write_links,
)
KIND = computer.key
ComputerRow: Any = computer.model
