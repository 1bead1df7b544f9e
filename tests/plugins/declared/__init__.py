"""Test plugin: a kind declared with every Field and Kind option (tests/plugins/test_declare.py)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, select

from shopdb_gql.plugins import (
    AssetCondition,
    AssetRow,
    ErrorCode,
    Field,
    Kind,
    KindPlugin,
    PayloadErrors,
    Tx,
    user_error,
)


@strawberry.enum(description="Quality grade.")
class Grade(Enum):
    A = "A"
    B = "B"
    C = "C"


def _code(value: str) -> str:
    if not value.replace("-", "").isalnum():
        raise ValueError("A code is letters, digits and dashes")
    return value.upper()


async def _rules(tx: Tx, values: dict[str, Any], current: Any, created: bool) -> None:
    pieces = values.get("pieces", getattr(current, "pieces", None))
    if values.get("fragile") and pieces is not None and pieces > 10:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "Fragile lots hold at most 10 pieces",
                                       "input", "pieces"))
    if "code" in values:
        values["codelength"] = len(values["code"])


def _heavy() -> ColumnElement[bool]:
    row: Any = specimen.model
    return AssetRow.id.in_(select(row.id).where(row.weightkg > 500))


def _min_pieces(n: int) -> ColumnElement[bool]:
    row: Any = specimen.model
    return row.pieces >= n


specimen = Kind(
    "specimen", "Specimen", type_name="Specimen", table="specimens",
    fields=[
        Field("code", str, required=True, unique=True, max_length=20, clean=_code, filter=True,
              sort=True, search=True, ingest=True, help="Lot code."),
        Field("grade", Grade, default=Grade.B, filter=True, sort=True, ingest=True),
        Field("weight_kg", float, "Weight (kg)", min=0, max=1000, ingest=True),
        Field("pieces", int, min=1, max=99, sort=True),
        Field("fragile", bool, filter=True),
        Field("received_on", date, sort=True),
        Field("checked_at", datetime, lockable=False),
        Field("colour", str, choices=("red", "green", "blue"), max_length=10),
        Field("code_length", int, input=False, help="Derived: the code's length."),
    ],
    name_from=("code",), identity=("code",), default_sort="name",
    conditions=(AssetCondition("heavy", "Heavy", _heavy),),
    extra_filters={"min_pieces": (int, "At least this many pieces.", _min_pieces)},
    before_write=_rules,
)

plugin = KindPlugin(specimen, icon="box", menu_order=300)
