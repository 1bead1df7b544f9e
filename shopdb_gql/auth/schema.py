"""Auth root fields: login/refresh/logout, me, users and API tokens."""

from __future__ import annotations

import asyncio
import logging
import math
import re
from typing import Any

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from shopdb_gql.auth import cookies, throttle
from shopdb_gql.auth.actor import ANONYMOUS, Actor, scope_problem
from shopdb_gql.auth.directory import SignInRefused, in_thread
from shopdb_gql.auth.directory import sign_in as directory_sign_in
from shopdb_gql.auth.ldap import Directory, DirectoryAccount, DirectoryUnavailable
from shopdb_gql.auth.passwords import check_password, hash_password, password_problem
from shopdb_gql.auth.permissions import IsAdmin, ensure
from shopdb_gql.auth.tokens import (
    RefreshTokenReused,
    TokenError,
    create_api_token,
    issue_access_token,
    issue_refresh_token,
    revoke_refresh_token,
    revoke_token,
    revoke_user_refresh_tokens,
    rotate_refresh_token,
)
from shopdb_gql.auth.types import (
    ApiToken,
    ApiTokenInput,
    ApiTokenPayload,
    LoginPayload,
    LogoutPayload,
    User,
    UserInput,
    UserPayload,
    UserUpdateInput,
)
from shopdb_gql.core import audit, models
from shopdb_gql.core.audit import apply_changes
from shopdb_gql.core.editing import get_or_fail
from shopdb_gql.db.base import utcnow
from shopdb_gql.graphql.context import Context  # resolved at runtime by Strawberry
from shopdb_gql.graphql.errors import ErrorCode, PayloadErrors, user_error
from shopdb_gql.graphql.mutations import Tx, own_transaction, perform

log = logging.getLogger(__name__)
USERNAME = re.compile(r"^[A-Za-z0-9._@-]{2,80}$")


def _session_payload(info: Info[Context, Any], user: models.User, refresh: str) -> dict[str, Any]:
    settings = info.context.settings
    access, expires = issue_access_token(user, settings.secret_key, settings.access_token_minutes)
    if info.context.response is not None:
        cookies.set_session(info.context.response, settings, access, refresh)
    return {"access_token": access, "refresh_token": refresh, "expires_at": expires,
            "user": User.from_row(user)}


def _client(info: Info[Context, Any]) -> tuple[str | None, str | None]:
    return info.context.client_address, info.context.request.headers.get("user-agent")


def _login_details(address: str, source: str) -> dict[str, Any]:
    """What a login audit entry records besides its summary (never a password)."""
    return {"address": {"old": None, "new": address}, "authsource": {"old": None, "new": source}}


@strawberry.type
class AuthQuery:
    @strawberry.field(description="The logged-in user; null for anonymous callers and tokens.")
    async def me(self, info: Info[Context, Any]) -> User | None:
        actor = info.context.actor
        if actor.kind != "user" or actor.id is None:
            return None
        row = await info.context.session.get(models.User, actor.id)
        return User.from_row(row) if row and row.isactive else None

    @strawberry.field(description="All users (admin).", permission_classes=[IsAdmin])
    async def users(self, info: Info[Context, Any]) -> list[User]:
        rows = await info.context.session.scalars(select(models.User).order_by(models.User.username))
        return [User.from_row(r) for r in rows]

    @strawberry.field(description="All API tokens (admin).", permission_classes=[IsAdmin])
    async def api_tokens(self, info: Info[Context, Any]) -> list[ApiToken]:
        rows = await info.context.session.scalars(select(models.ApiToken).order_by(models.ApiToken.id))
        return [ApiToken.from_row(r) for r in rows]


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Log in; returns tokens (and sets cookies for browsers).")
    async def login(self, info: Info[Context, Any], username: str, password: str) -> LoginPayload:
        ctx = info.context
        settings = ctx.settings
        name = username.strip()[:200]
        address = ctx.client_address
        wait = await throttle.wait_needed(ctx.session, name, address, settings.login_max_failures,
                                          settings.login_window_minutes)
        if wait > 0:
            return LoginPayload(errors=[user_error(
                ErrorCode.THROTTLED, f"Too many failed logins: try again in {math.ceil(wait)} s")])
        found = (await ctx.session.execute(
            select(models.User.passwordhash, models.User.authsource)
            .where(models.User.username == name))).first()
        # A local account (the break-glass admin) signs in here whatever the directory
        # does; anyone else is the directory's to check when one is configured.
        by_directory = settings.ldap_enabled and (found is None or found.authsource == "ldap")
        # Hashing takes a tenth of a second and the directory a round trip or more: no
        # connection is held meanwhile, and both run in a thread so the server keeps answering.
        await ctx.session.rollback()
        account: DirectoryAccount | None = None
        if by_directory:
            try:
                account = await in_thread(settings, lambda: Directory(settings).authenticate(
                    name, password))
            except DirectoryUnavailable as exc:
                log.warning("directory sign-in of %s from %s: directory unavailable: %s",
                            name[:80], address, exc)
                return LoginPayload(errors=[user_error(
                    ErrorCode.DIRECTORY_UNAVAILABLE,
                    "The directory (LDAP) does not answer: try again in a few minutes. "
                    "Local accounts can still sign in.")])
            verified = account is not None
        else:
            verified = await check_password(found.passwordhash if found else None, password)
        source = "ldap" if by_directory else "local"

        async def failed(tx: Tx, reason: str | None = None) -> dict[str, Any]:
            # Recorded and audited in this transaction, which then commits: the caller gets
            # the error in the payload, not by a rollback.
            await throttle.record_failure(tx.session, name, address)
            await audit.record(tx.session, ANONYMOUS, action="login_failed",
                               object_type="login", object_id=name[:80], source=ctx.source,
                               summary=f"{name[:80]} from {address}"
                                       + (f" ({reason})" if reason else ""),
                               changes=_login_details(address, source))
            return {"failed": True}

        async def work(tx: Tx) -> dict[str, Any]:
            user: models.User | None
            if account is not None:
                try:
                    user = await directory_sign_in(tx.session, account)
                    await tx.session.flush()
                except SignInRefused as exc:
                    return {**await failed(tx, exc.reason), "refused": str(exc)}
            else:
                user = await tx.session.scalar(select(models.User)
                                               .where(models.User.username == name))
            if not verified or user is None or not user.isactive:
                return await failed(tx)
            await throttle.clear_failures(tx.session, name, address, settings.login_window_minutes)
            user.lastloginat = utcnow()
            user.lastloginaddress = address[:64]
            refresh = await issue_refresh_token(tx.session, user.id, settings.refresh_token_days,
                                                client=_client(info))
            await audit.record(tx.session, Actor.for_user(user.id, user.username, user.role),
                               action="login", object_type="login", object_id=user.username,
                               source=ctx.source, summary=f"{user.username} from {address}",
                               changes=_login_details(address, user.authsource))
            return _session_payload(info, user, refresh)

        result = await perform(info, lambda **kw: kw, work)
        if result.pop("failed", False):
            return LoginPayload(errors=[user_error(
                ErrorCode.INVALID_CREDENTIALS, result.get("refused") or "Wrong username or password")])
        if account is not None:
            self_id = int(result["user"].id)
            ctx.runtime.accounts.forget(self_id)  # its role may have just changed
        return LoginPayload(**result)

    @strawberry.mutation(description=(
        "Exchange a refresh token (argument, or the browser's cookie) for new tokens."))
    async def refresh_token(
        self, info: Info[Context, Any], refresh_token: str | None = None
    ) -> LoginPayload:
        ctx = info.context
        secret = refresh_token or cookies.refresh_cookie(ctx.request)

        async def work(tx: Tx) -> dict[str, Any]:
            if not secret:
                raise PayloadErrors(user_error(ErrorCode.REQUIRED, "No refresh token given",
                                               "refreshToken"))
            if refresh_token is None and not cookies.csrf_ok(ctx.request):
                raise PayloadErrors(user_error(ErrorCode.INVALID, "CSRF token missing or wrong"))
            try:
                user, new_secret = await rotate_refresh_token(tx.session, secret,
                                                              ctx.settings.refresh_token_days,
                                                              _client(info))
            except TokenError as exc:
                if isinstance(exc, RefreshTokenReused):
                    reused.append(exc.user_id)
                raise PayloadErrors(user_error(ErrorCode.INVALID_CREDENTIALS, str(exc),
                                               "refreshToken")) from exc
            return _session_payload(info, user, new_secret)

        reused: list[int] = []
        payload = await perform(info, LoginPayload, work)
        if reused:  # outside the rolled-back transaction, so the revocation sticks
            async with own_transaction(info) as session:
                await revoke_user_refresh_tokens(session, reused[0])
        return payload

    @strawberry.mutation(description="End the session: revoke the refresh token, clear cookies.")
    async def logout(self, info: Info[Context, Any]) -> LogoutPayload:
        ctx = info.context
        secret = cookies.refresh_cookie(ctx.request)

        async def work(tx: Tx) -> dict[str, Any]:
            if secret:
                await revoke_refresh_token(tx.session, secret)
            if ctx.response is not None:
                cookies.clear_session(ctx.response, ctx.settings)
            return {"ok": True}

        return await perform(info, LogoutPayload, work)

    @strawberry.mutation(description="Create a user (admin).", permission_classes=[IsAdmin])
    async def create_user(self, info: Info[Context, Any], input: UserInput) -> UserPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            if not USERNAME.match(input.username):
                raise PayloadErrors(user_error(ErrorCode.INVALID,
                                               "Username: 2-80 letters, digits, . _ @ -",
                                               "input", "username"))
            if problem := password_problem(input.password):
                raise PayloadErrors(user_error(ErrorCode.INVALID, problem, "input", "password"))
            if await tx.session.scalar(select(models.User.id)
                                       .where(models.User.username == input.username)):
                raise PayloadErrors(user_error(ErrorCode.CONFLICT, "Username is taken",
                                               "input", "username"))
            hashed = await asyncio.to_thread(hash_password, input.password)
            row = models.User(username=input.username, passwordhash=hashed,
                              role=input.role.value, displayname=input.display_name)
            tx.session.add(row)
            await tx.session.flush()
            await tx.audit("create", "user", row.id, {"username": {"old": None, "new": row.username},
                                                      "role": {"old": None, "new": row.role}},
                           summary=row.username)
            return {"user": User.from_row(row)}

        return await perform(info, UserPayload, work)

    @strawberry.mutation(description="Change a user's role, state or password (admin).",
                         permission_classes=[IsAdmin])
    async def update_user(
        self, info: Info[Context, Any], id: strawberry.ID, input: UserUpdateInput
    ) -> UserPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await get_or_fail(tx.session, models.User, id, "user")
            values: dict[str, Any] = {}
            if input.role is not None:
                values["role"] = input.role.value
            if input.is_active is not None:
                values["isactive"] = input.is_active
            if input.display_name is not None:
                values["displayname"] = input.display_name
            changes = apply_changes(row, values)
            if "isactive" in changes:
                # An admin's decision: the directory's re-check never undoes it.
                row.disabledby = None if row.isactive else "admin"
            if input.password is not None:
                if row.authsource != "local":
                    raise PayloadErrors(user_error(
                        ErrorCode.INVALID, f"{row.username} signs in through "
                        f"{row.authsource.upper()}: their password is changed there",
                        "input", "password"))
                if problem := password_problem(input.password):
                    raise PayloadErrors(user_error(ErrorCode.INVALID, problem, "input", "password"))
                row.passwordhash = await asyncio.to_thread(hash_password, input.password)
                changes["password"] = {"old": "***", "new": "***"}
            if "password" in changes or ("isactive" in changes and not row.isactive):
                # Every session of the account ends: access tokens carry the old version,
                # refresh tokens are revoked.
                row.authversion = (row.authversion or 0) + 1
                await revoke_user_refresh_tokens(tx.session, row.id)
            if changes:
                await tx.audit("update", "user", row.id, changes, summary=row.username)
            return {"user": User.from_row(row)}

        return await perform(info, UserPayload, work)

    @strawberry.mutation(description="Create an API token; its secret is returned once.")
    async def create_api_token(self, info: Info[Context, Any], input: ApiTokenInput) -> ApiTokenPayload:
        ensure(info, "admin")

        async def work(tx: Tx) -> dict[str, Any]:
            name = input.name.strip()
            if not name or len(name) > 120:
                raise PayloadErrors(user_error(ErrorCode.INVALID, "Name must be 1-120 characters",
                                               "input", "name"))
            if not input.scopes:
                raise PayloadErrors(user_error(ErrorCode.REQUIRED, "Give at least one scope",
                                               "input", "scopes"))
            for i, scope in enumerate(input.scopes):
                if problem := scope_problem(scope):
                    raise PayloadErrors(user_error(ErrorCode.INVALID, problem, "input", "scopes",
                                                   str(i)))
            if input.expires_in_days is not None and not 1 <= input.expires_in_days <= 3650:
                raise PayloadErrors(user_error(ErrorCode.INVALID, "expiresInDays must be 1-3650",
                                               "input", "expiresInDays"))
            creator = tx.actor.id if tx.actor.kind == "user" else None
            token, secret = await create_api_token(tx.session, name, input.scopes,
                                                   input.expires_in_days, creator)
            await tx.audit("create", "apitoken", token.id, {"name": {"old": None, "new": name},
                                                            "scopes": {"old": None,
                                                                       "new": token.scopes}},
                           summary=name)
            return {"api_token": ApiToken.from_row(token), "secret": secret}

        return await perform(info, ApiTokenPayload, work)

    @strawberry.mutation(description="Revoke an API token (admin).", permission_classes=[IsAdmin])
    async def revoke_api_token(self, info: Info[Context, Any], id: strawberry.ID) -> ApiTokenPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            token = await get_or_fail(tx.session, models.ApiToken, id, "API token")
            await revoke_token(tx, token)
            return {"api_token": ApiToken.from_row(token)}

        return await perform(info, ApiTokenPayload, work)
