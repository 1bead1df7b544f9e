"""Scalars as the contract needs them: a DateTime must say its time zone.

Strawberry's DateTime took ``2024-01-01T00:00:00`` (no zone) and the database refused it
later with an internal error; a date at the edge of the range (year 1 with a positive
offset) overflowed when converted to UTC. Both are now refused where they come in, with
``BAD_USER_INPUT`` saying what to send.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, cast

import strawberry

#: ``strawberry.ID(str(value))`` at the cost of ``str(value)``: ID is a NewType, whose call
#: is a Python function returning its argument; a page of 100 assets makes about 500 IDs.
graphql_id = cast("Callable[[object], strawberry.ID]", str)


def parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("DateTime must be an ISO 8601 string, e.g. 2024-05-01T08:00:00Z")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"{value[:40]!r} is not an ISO 8601 date and time, e.g. "
                         "2024-05-01T08:00:00Z") from exc
    if parsed.tzinfo is None:
        raise ValueError(f"{value[:40]!r} has no time zone: add Z (UTC) or an offset, e.g. "
                         "2024-05-01T08:00:00+02:00")
    try:
        return parsed.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError(f"{value[:40]!r} is out of range in UTC") from exc


AwareDateTime = strawberry.scalar(
    name="DateTime", description="Date with time (isoformat)",
    serialize=lambda value: value.isoformat(), parse_value=parse_datetime)

#: For ``StrawberryConfig.scalar_map``: Python ``datetime`` fields use the zone-aware scalar.
SCALAR_MAP: dict[object, Any] = {datetime: AwareDateTime}
