"""Failed-login throttling: progressive delays, never a lockout (shared by all workers).

A hard lock after five failures let anyone who knew a username keep that account locked
from everywhere. Instead each failure past a free allowance doubles the wait before the
next attempt, counted separately for the username from one address, for the address (a
shared kiosk gets more room) and, much more loosely, for the username from anywhere; the
right password from another address is not held back by someone failing here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core.models import LoginFailure
from shopdb_gql.db.base import utcnow

#: The free attempts of the address (times max_failures) and of the username from anywhere.
ADDRESS_FACTOR = 4
USERNAME_FACTOR = 10


def _delay(count: int, last: datetime | None, free: int, cap: float, now: datetime) -> float:
    """Seconds still to wait after ``count`` failures (the last at ``last``)."""
    if count < free or last is None:
        return 0.0
    wait = min(2.0 ** (count - free + 1), cap)  # 2 s, 4 s, 8 s... up to the window
    return max(0.0, (last - now).total_seconds() + wait)


async def wait_needed(session: AsyncSession, username: str, address: str, max_failures: int,
                      window_minutes: int) -> float:
    """Seconds before this (username, address) may try again; 0 when it may now."""
    now = utcnow()
    since = now - timedelta(minutes=window_minutes)
    name = username.lower()[:80]
    cap = window_minutes * 60.0
    f = LoginFailure
    waits = []
    for condition, free in (((f.username == name) & (f.address == address), max_failures),
                            (f.address == address, max_failures * ADDRESS_FACTOR),
                            (f.username == name, max_failures * USERNAME_FACTOR)):
        count, last = (await session.execute(
            select(func.count(), func.max(f.createdat)).where(condition, f.createdat >= since)
        )).one()
        waits.append(_delay(int(count or 0), last, free, cap, now))
    return max(waits)


async def record_failure(session: AsyncSession, username: str, address: str) -> None:
    session.add(LoginFailure(username=username.lower()[:80], address=address[:64]))
    await session.flush()


async def clear_failures(session: AsyncSession, username: str, address: str,
                         window_minutes: int) -> None:
    """After a success: forget this username's failures from this address (and old ones)."""
    cutoff = utcnow() - timedelta(minutes=window_minutes)
    await session.execute(delete(LoginFailure).where(or_(
        (LoginFailure.username == username.lower()[:80]) & (LoginFailure.address == address),
        LoginFailure.createdat < cutoff)))
