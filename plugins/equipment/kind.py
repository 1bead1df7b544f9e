"""The `equipment` kind, declared once: a production machine and its machine number (ADR-005)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum
from typing import Any

import strawberry

from shopdb_gql.plugins import Field, Kind


@strawberry.enum(description="What kind of production machine a piece of equipment is.")
class EquipmentType(Enum):
    LATHE = "lathe"
    MILL = "mill"
    GRINDER = "grinder"
    EDM = "edm"
    SAW = "saw"
    PRESS = "press"
    WASH = "wash"
    OTHER = "other"


@strawberry.enum(description="How badly production suffers when the machine is down.")
class Criticality(Enum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


equipment = Kind(
    "equipment", "Equipment", type_name="Equipment", table="equipment",
    plural_label="Equipment", plural_type_name="Equipment", plural_field="equipment_list",
    ingest_mutation="ingestEquipment",
    description=("A production machine with a machine number (CNC lathe, mill, press...). Only "
                 "machines are equipment; gauges and other instruments are measuring tools "
                 "(ADR-005)."),
    input_description="A new machine. Only machines with a machine number are equipment.",
    fields=[
        Field("machine_number", str, required=True, not_null=True, unique=True, max_length=40,
              search=True, sort=True, ingest=True, help="The machine number used on the shop floor; unique."),
        Field("equipment_type", EquipmentType, default=EquipmentType.OTHER,
              max_length=20, index=True, filter=True, sort=True, ingest=True,
              help="What kind of machine it is."),
        Field("vendor", str, vocabulary="manufacturer",
              max_length=120, index=True, filter=True, search=True, sort=True,
              ingest=True, help="Machine manufacturer."),
        Field("model", str, vocabulary="model",
              max_length=120, search=True, ingest=True, help="Manufacturer's model name."),
        Field("controller_type", str, max_length=80, search=True, ingest=True,
              help="CNC controller, e.g. Fanuc 31i or Siemens 840D."),
        Field("controller_os", str, max_length=80, search=True, ingest=True,
              help="Operating system or software version of the controller."),
        Field("install_date", date, sort=True, ingest=True,
              help="When the machine was installed on the site."),
        Field("criticality", Criticality, default=Criticality.MEDIUM, max_length=10, index=True,
              filter="criticalities", sort=True, ingest=True,
              help="How critical the machine is for production."),
    ],
    name_from=("machine_number",), identity=("machine_number",), stale_after=timedelta(days=30),
    default_sort="machinenumber",
)
KIND = equipment.key
EquipmentRow: Any = equipment.model
