"""Reading and writing rows of the ``settings`` table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core.models import Setting


async def get_setting(session: AsyncSession, key: str, default: Any = None) -> Any:
    row = await session.scalar(select(Setting).where(Setting.key == key))
    return default if row is None else row.value


async def set_setting(session: AsyncSession, key: str, value: Any) -> None:
    row = await session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    await session.flush()
