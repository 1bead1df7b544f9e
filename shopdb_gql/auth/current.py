"""Every request sees the caller's current account: role, active flag, session version.

An access token carries the role and ``authversion`` it was issued with; for its lifetime
a demoted admin kept admin rights and a disabled user kept writing. Each request now
checks the account, read at most once a second per user and process (one small query),
so a change takes effect within about a second on every worker.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.auth.actor import Actor
from shopdb_gql.auth.tokens import TokenError
from shopdb_gql.core.models import User

#: How long a user's account state is trusted without reading it again (seconds).
FRESH_FOR = 1.0
#: True while the account is read: statement counters (N+1 tests) leave that read out, as
#: it comes at most once a second per user, not with the request's own work.
CHECKING_ACCOUNT: ContextVar[bool] = ContextVar("shopdb_checking_account", default=False)


@dataclass(frozen=True)
class _Account:
    role: str
    active: bool
    version: int
    read_at: float


class Accounts:
    """The per-process cache of account states (one per Runtime)."""

    def __init__(self) -> None:
        self._known: dict[int, _Account | None] = {}
        self._read_at: dict[int, float] = {}

    def forget(self, user_id: int) -> None:
        """Read the account again on its next request (its version or role just changed
        here: the new session's token must not meet the cached old version)."""
        self._read_at.pop(user_id, None)
        self._known.pop(user_id, None)

    async def current(self, session: AsyncSession, actor: Actor) -> Actor:
        """``actor`` with its account's current role; TokenError if the account is gone,
        disabled, or its sessions were ended (password change)."""
        if actor.kind != "user" or actor.id is None:
            return actor
        now = time.monotonic()
        if now - self._read_at.get(actor.id, -FRESH_FOR) >= FRESH_FOR:
            token = CHECKING_ACCOUNT.set(True)
            try:
                row = (await session.execute(select(User.role, User.isactive, User.authversion)
                                             .where(User.id == actor.id))).first()
            finally:
                CHECKING_ACCOUNT.reset(token)
            self._known[actor.id] = None if row is None else _Account(
                row.role, bool(row.isactive), int(row.authversion or 0), now)
            self._read_at[actor.id] = now
            if len(self._read_at) > 10_000:  # bounded: forget the oldest half
                for key in sorted(self._read_at, key=self._read_at.__getitem__)[:5_000]:
                    self._read_at.pop(key, None)
                    self._known.pop(key, None)
        account = self._known.get(actor.id)
        if account is None or not account.active:
            raise TokenError("This account is disabled or deleted")
        if account.version != actor.version:
            raise TokenError("Session ended (the password changed): log in again")
        if account.role != actor.role:
            return Actor.for_user(actor.id, actor.name, account.role, actor.version)
        return actor
