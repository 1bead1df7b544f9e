"""Failed-login throttling per username and per client address, shared by all workers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core.models import LoginFailure
from shopdb_gql.db.base import utcnow


async def is_throttled(
    session: AsyncSession, username: str, address: str, max_failures: int, window_minutes: int
) -> bool:
    since = utcnow() - timedelta(minutes=window_minutes)
    by_user = await session.scalar(select(func.count()).where(
        LoginFailure.username == username.lower(), LoginFailure.createdat >= since))
    by_address = await session.scalar(select(func.count()).where(
        LoginFailure.address == address, LoginFailure.createdat >= since))
    # An address may try several usernames (a shared kiosk), so it gets more room.
    return (by_user or 0) >= max_failures or (by_address or 0) >= max_failures * 4


async def record_failure(session: AsyncSession, username: str, address: str) -> None:
    session.add(LoginFailure(username=username.lower()[:80], address=address[:64]))
    await session.flush()


async def clear_failures(session: AsyncSession, username: str, window_minutes: int) -> None:
    cutoff = utcnow() - timedelta(minutes=window_minutes)
    await session.execute(delete(LoginFailure).where(
        or_(LoginFailure.username == username.lower(), LoginFailure.createdat < cutoff)))
