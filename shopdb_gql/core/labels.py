"""Words for people: the labels of fields, enum values, kinds and relationship types.

The UI must read like the shop floor ("OS version", "Shop floor", "Controlled by"), not
like the database ("osversion", ``SHOP_FLOOR``, ``controls (from)``), for every kind,
including a site's own plugins, without frontend code. So the labels are served by the API
(``Query.labels``), made here from the served schema: a field's label is its name in words
with the shop floor's abbreviations spelled as people write them, unless its kind declares
one (``AssetKind.field_labels``); enum values likewise; relationship types have a label
for each direction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType
from graphql import GraphQLSchema as CoreSchema

#: Words written in capitals (or their own way) on the shop floor.
ABBREVIATIONS = {
    "ip": "IP", "os": "OS", "mac": "MAC", "pc": "PC", "pcs": "PCs", "usb": "USB", "cnc": "CNC",
    "id": "ID", "ids": "IDs", "url": "URL", "cidr": "CIDR", "vlan": "VLAN", "cmm": "CMM",
    "dns": "DNS", "mes": "MES", "erp": "ERP", "api": "API", "ui": "UI", "gb": "GB", "mb": "MB",
    "tb": "TB", "ap": "AP", "nm": "Nm", "sla": "SLA", "poe": "PoE", "ups": "UPS",
}
#: Units, shown after the quantity: capacityGb -> "Capacity (GB)".
UNITS = {"gb": "GB", "mb": "MB", "tb": "TB", "mm": "mm", "nm": "Nm", "days": "days",
         "hours": "hours", "minutes": "minutes", "seconds": "seconds"}
#: Core fields whose words alone would read oddly.
CORE_FIELD_LABELS = {
    "assetTag": "Asset tag", "serialNumber": "Serial number", "mapX": "Map X", "mapY": "Map Y",
    "statusId": "Status", "locationId": "Location", "parentId": "Inside", "lastSeenAt": "Last seen",
    "lastSeenSource": "Last seen by", "createdAt": "Created", "updatedAt": "Updated",
    "lockedFields": "Kept by hand",
}
#: Audit entries name database columns; the ones that are not a field's name run together.
COLUMN_LABELS = {"statusid": "Status", "locationid": "Location", "parentid": "Inside",
                 "floorplan": "Floor plan", "isactive": "Active", "passwordhash": "Password"}


@dataclass(frozen=True)
class RelationshipWords:
    """How a relationship type reads from each end: a PC *controls* a machine, which is
    *controlled by* the PC."""

    label: str
    inverse: str


RELATIONSHIP_TYPES: dict[str, RelationshipWords] = {
    "controls": RelationshipWords("Controls", "Controlled by"),
    "connected_to": RelationshipWords("Connected to", "Connected to"),
    "installed_in": RelationshipWords("Installed in", "Holds"),
    "uplink": RelationshipWords("Uplink to", "Uplink from"),
    "located_at": RelationshipWords("Located at", "Location of"),
}


def words(name: str) -> list[str]:
    """``osVersion``, ``os_version`` and ``OS_VERSION`` -> ``["os", "version"]``."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name).replace("_", " ").replace("-", " ")
    return [w.lower() for w in spaced.split()]


def phrase(parts: Iterable[str]) -> str:
    """Words as a label: sentence case, abbreviations as written, a trailing unit in
    brackets (``["capacity", "gb"]`` -> ``Capacity (GB)``)."""
    items = list(parts)
    unit = None
    if len(items) > 1 and items[-1] in UNITS:
        unit = UNITS[items.pop()]
    out = [ABBREVIATIONS.get(w, w) for w in items]
    if out and out[0] == items[0]:
        out[0] = out[0][:1].upper() + out[0][1:]
    text = " ".join(out)
    return f"{text} ({unit})" if unit else text


def field_label(name: str, declared: Mapping[str, str] | None = None) -> str:
    """The label of a field named ``name`` (GraphQL or Python name)."""
    if declared and name in declared:
        return declared[name]
    if name in CORE_FIELD_LABELS:
        return CORE_FIELD_LABELS[name]
    parts = words(name)
    if len(parts) > 2 and parts[-2:] == ["asset", "id"]:  # controlsAssetId: "Controls"
        parts = parts[:-2]
    if len(parts) > 1 and parts[-1] == "id":  # locationId, subnetId: the thing itself
        parts = parts[:-1]
    if len(parts) > 1 and parts[-1] == "at":  # dueAt, lastBootAt: "Due", "Last boot"
        parts = parts[:-1]
    return phrase(parts)


def enum_label(value: str) -> str:
    """``SHOP_FLOOR`` -> ``Shop floor``, ``USB_STICK`` -> ``USB stick``."""
    return phrase(words(value))


def relationship_words(rel_type: str) -> RelationshipWords:
    known = RELATIONSHIP_TYPES.get(rel_type)
    if known is not None:
        return known
    label = phrase(words(rel_type))
    return RelationshipWords(label, f"{label} (from)")


def _column(name: str) -> str:
    return name.replace("_", "").lower()


@dataclass(frozen=True)
class Vocabulary:
    """Every label of one served schema (built once per schema)."""

    fields: tuple[tuple[str, str, str, str], ...]  # (type name, field, label, column)
    enum_values: tuple[tuple[str, str, str], ...]  # (enum name, value, label)
    columns: Mapping[str, str]  # column -> label, for audit entries

    def column_label(self, column: str) -> str:
        return self.columns.get(column) or COLUMN_LABELS.get(column) or phrase(words(column))


@lru_cache(maxsize=8)
def vocabulary(schema: CoreSchema, declared: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
               ) -> Vocabulary:
    """The labels of ``schema``'s object, interface and input fields and enum values.
    ``declared`` holds each GraphQL type's own labels (from its asset kind)."""
    own = {type_name: dict(labels) for type_name, labels in declared}
    fields: list[tuple[str, str, str, str]] = []
    enums: list[tuple[str, str, str]] = []
    columns: dict[str, str] = {}
    for name, kind in sorted(schema.type_map.items()):
        if name.startswith("__"):
            continue
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field in kind.fields:
                label = field_label(field, own.get(name))
                fields.append((name, field, label, _column(field)))
                columns.setdefault(_column(field), label)
        elif isinstance(kind, GraphQLEnumType):
            for value in kind.values:
                enums.append((name, value, enum_label(value)))
    return Vocabulary(tuple(fields), tuple(enums), columns)
