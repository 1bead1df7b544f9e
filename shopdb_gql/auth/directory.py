"""Directory accounts here: sign-in through LDAP, and the periodic re-check.

A person the directory lets in gets (or keeps) an ``ldap`` account whose role, display
name and e-mail follow the directory at each sign-in. The re-check (every
``SHOPDB_LDAP_SYNC_SECONDS`` in each server process, and ``shopdb user sync``) looks every
directory account up with the service account: one that is gone, disabled or in no mapped
group is disabled here (``disabledby = directory``): its access tokens stop at their next
request, its refresh tokens and API tokens are revoked. A role the groups
changed is applied. When the directory cannot be reached nothing changes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import TypeVar

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.auth.actor import SYSTEM, Actor
from shopdb_gql.auth.ldap import Directory, DirectoryAccount, DirectoryUnavailable
from shopdb_gql.auth.tokens import revoke_user_refresh_tokens
from shopdb_gql.core import audit, models
from shopdb_gql.db.base import utcnow
from shopdb_gql.db.engine import IN_BACKGROUND, Database
from shopdb_gql.graphql import admission
from shopdb_gql.settings import Settings

log = logging.getLogger(__name__)
SOURCE = "ldap"
T = TypeVar("T")


#: Directory work runs on threads of its own: a directory that hangs fills these, never the
#: default pool that hashes local passwords (the break-glass admin signs in meanwhile).
_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="ldap")
#: After the directory failed to answer, sign-ins fail at once for a while instead of each
#: waiting for the timeouts again (per directory URL; the re-check is not held back).
_down_until: dict[str, float] = {}


async def in_thread(settings: Settings, work: Callable[[], T], *, breaker: bool = True) -> T:
    """Run blocking directory ``work`` on the directory's threads, bounded in time whatever
    ldap3 does; DirectoryUnavailable when it cannot answer."""
    key = settings.ldap_url
    if breaker and time.monotonic() < _down_until.get(key, 0.0):
        raise DirectoryUnavailable("did not answer moments ago (retrying shortly)")
    # A sign-in is a few round trips (bind, search, bind, group levels): each one is
    # bounded by the timeout; the whole is bounded too, so a stuck thread never holds a
    # request.
    limit = settings.ldap_timeout_seconds * (6 + 2 * 8)
    loop = asyncio.get_running_loop()
    try:
        # The wait is the directory's, not this worker's: other requests may run meanwhile.
        async with admission.outside():
            result = await asyncio.wait_for(loop.run_in_executor(_POOL, work), timeout=limit)
    except (DirectoryUnavailable, TimeoutError) as exc:
        _down_until[key] = time.monotonic() + min(15.0, 2 * settings.ldap_timeout_seconds)
        if isinstance(exc, DirectoryUnavailable):
            raise
        raise DirectoryUnavailable(f"no answer within {limit:.0f} s") from exc
    _down_until.pop(key, None)
    return result


class SignInRefused(Exception):
    """The directory knows the person but they may not sign in; ``reason`` says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


async def sign_in(session: AsyncSession, account: DirectoryAccount) -> models.User:
    """The ``ldap`` account of ``account``, created or brought up to date; SignInRefused
    when the directory disabled it, no group maps to a role, or an admin disabled it."""
    if account.disabled:
        raise SignInRefused("disabled", "This directory account is disabled")
    if account.role is None:
        raise SignInRefused("no_role", "This directory account is in no group that gives a "
                                       "role here: ask an admin to add you to one")
    user = await session.scalar(select(models.User).where(
        models.User.authsource == SOURCE, models.User.externalid == account.external_id))
    if user is None:
        user = await session.scalar(select(models.User).where(
            models.User.authsource == SOURCE, models.User.username == account.username[:80]))
    if user is None:
        base = account.username[:70]
        taken = {n.casefold() for n in await session.scalars(
            select(models.User.username).where(models.User.username.like(f"{base}%")))}
        name, n = base, 2
        while name.casefold() in taken:  # a local "alice" is never taken over
            name, n = f"{base}-{n}", n + 1
        user = models.User(username=name, passwordhash="!ldap", role=account.role,
                           authsource=SOURCE, isactive=True)
        session.add(user)
    elif not user.isactive:
        if user.disabledby != "directory":
            raise SignInRefused("disabled_here", "This account is disabled here: ask an admin")
        user.isactive, user.disabledby = True, None
    _apply(user, account)
    return user


def _apply(user: models.User, account: DirectoryAccount) -> dict[str, dict[str, object]]:
    """Bring ``user`` in line with the directory; the changes, for the audit log."""
    changes: dict[str, dict[str, object]] = {}
    values = {"role": account.role, "externalid": account.external_id,
              "displayname": (account.display_name or user.displayname or None),
              "email": (account.email or None)}
    for column, value in values.items():
        if isinstance(value, str):
            value = value[:120] if column == "displayname" else value[:255]
        if value is not None and getattr(user, column) != value:
            changes[column] = {"old": getattr(user, column), "new": value}
            setattr(user, column, value)
    user.directorycheckedat = utcnow()
    return changes


@dataclass
class SyncReport:
    """What one re-check found."""

    checked: int = 0
    unchanged: int = 0
    updated: list[str] = field(default_factory=list)
    disabled: list[tuple[str, str]] = field(default_factory=list)
    unavailable: str | None = None

    def lines(self) -> list[str]:
        if self.unavailable:
            return [f"the directory is unavailable, nothing changed: {self.unavailable}"]
        out = [f"checked {self.checked} directory account(s): {self.unchanged} unchanged, "
               f"{len(self.updated)} updated, {len(self.disabled)} disabled"]
        out += [f"  updated  {name}" for name in self.updated]
        out += [f"  disabled {name} ({why})" for name, why in self.disabled]
        return out


async def sync(db: Database, settings: Settings, *, older_than: float = 0.0,
               actor: Actor = SYSTEM) -> SyncReport:
    """Re-check the active directory accounts not confirmed in the last ``older_than``
    seconds (all of them with 0)."""
    report = SyncReport()
    directory = Directory(settings)
    cutoff = utcnow() - timedelta(seconds=older_than)
    async with db.session() as session:
        due = list((await session.execute(
            select(models.User.id, models.User.username).where(
                models.User.authsource == SOURCE, models.User.isactive,
                or_(models.User.directorycheckedat.is_(None),
                    models.User.directorycheckedat <= cutoff))
            .order_by(models.User.directorycheckedat))).all())
    for user_id, username in due:
        try:
            account = await in_thread(settings, partial(directory.lookup, username), breaker=False)
        except DirectoryUnavailable as exc:
            report.unavailable = str(exc)
            return report
        report.checked += 1
        async with db.transaction() as session:
            user = await session.get(models.User, user_id)
            if user is None or not user.isactive or user.authsource != SOURCE:
                continue
            why = ("gone from the directory" if account is None else
                   "disabled in the directory" if account.disabled else
                   "in no mapped group" if account.role is None else None)
            if why is not None:
                user.isactive, user.disabledby = False, "directory"
                user.authversion = (user.authversion or 0) + 1
                user.directorycheckedat = utcnow()
                await revoke_user_refresh_tokens(session, user.id)
                # A leaver's scripts stay dead even if the account is enabled again later.
                await session.execute(update(models.ApiToken).where(
                    models.ApiToken.createdbyid == user.id, models.ApiToken.revokedat.is_(None))
                    .values(revokedat=utcnow()))
                await audit.record(session, actor, action="update", object_type="user",
                                   object_id=user.id, source="directory",
                                   summary=f"{user.username} disabled: {why}",
                                   changes={"isactive": {"old": True, "new": False}})
                report.disabled.append((user.username, why))
                continue
            assert account is not None
            changes = _apply(user, account)
            if changes:
                await audit.record(session, actor, action="update", object_type="user",
                                   object_id=user.id, source="directory",
                                   summary=f"{user.username} updated from the directory",
                                   changes=changes)
                report.updated.append(user.username)
            else:
                report.unchanged += 1
    return report


async def run_periodically(db: Database, settings: Settings) -> None:
    """Each server process re-checks what is due every ``SHOPDB_LDAP_SYNC_SECONDS``;
    accounts another process confirmed meanwhile are not due."""
    IN_BACKGROUND.set(True)
    every = settings.ldap_sync_seconds
    failing = False
    while True:
        await asyncio.sleep(every)
        try:
            report = await sync(db, settings, older_than=every * 0.9)
        except Exception:  # keep re-checking whatever one round does
            log.exception("directory re-check failed")
            continue
        if report.unavailable and not failing:
            log.warning("directory re-check: %s", report.lines()[0])
        failing = bool(report.unavailable)
        for line in report.lines()[1:]:
            log.info("directory re-check:%s", line)
