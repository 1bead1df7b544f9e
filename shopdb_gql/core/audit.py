"""Audit entries: every change through any mutation records who, from where, and old/new values."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.auth.actor import Actor
from shopdb_gql.core import events
from shopdb_gql.core.models import AuditEntry

Changes = dict[str, dict[str, Any]]


#: Audit entries only admins see: about accounts, API tokens, logins and settings.
ADMIN_ONLY_OBJECTS = ("user", "apitoken", "login", "setting")


def jsonable(value: Any) -> Any:
    """A JSON-safe form of a column value for the audit log."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def apply_changes(row: Any, values: Mapping[str, Any]) -> Changes:
    """Set ``values`` on ``row`` and return ``{column: {"old": .., "new": ..}}`` for real changes."""
    changes: Changes = {}
    for column, new in values.items():
        old = getattr(row, column)
        if old != new:
            changes[column] = {"old": jsonable(old), "new": jsonable(new)}
            setattr(row, column, new)
    return changes


def snapshot(row: Any, columns: list[str]) -> Changes:
    """Changes describing the creation (old None) or deletion (new None) of ``row``."""
    return {c: {"old": None, "new": jsonable(getattr(row, c))} for c in columns
            if getattr(row, c) is not None}


def invert(changes: Changes) -> Changes:
    return {k: {"old": v["new"], "new": v["old"]} for k, v in changes.items()}


async def record(
    session: AsyncSession,
    actor: Actor,
    *,
    action: str,
    object_type: str,
    object_id: object,
    changes: Changes | None = None,
    source: str = "api",
    summary: str | None = None,
    batch_id: str | None = None,
) -> AuditEntry:
    """Add one audit entry to the session (it commits with the change it describes)."""
    entry = AuditEntry(
        actortype=actor.kind,
        actorid=actor.id,
        actorname=actor.name,
        source=source[:120],
        action=action,
        objecttype=object_type,
        objectid=str(object_id),
        summary=summary[:255] if summary else None,
        changes=changes or {},
        batchid=batch_id,
    )
    session.add(entry)
    kind = events.audited(object_type, action)
    if kind is not None:
        data = (events.audit_data(object_type, object_id, action, changes, actor.name, source,
                                  summary, batch_id) if kind != "plugin.toggled" else
                {"plugin": str(object_id), "enabled": action == "enable", "actor": actor.name})
        await events.emit(session, kind, data)
    return entry
