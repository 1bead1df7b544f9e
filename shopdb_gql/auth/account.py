"""Self-service for the signed-in person: single sign-on as the login page shows it, my
password, my sessions, my API tokens.

A session is a chain of rotating refresh tokens (one live row): revoking it stops the
next refresh, and the access token it already holds lapses within
SHOPDB_ACCESS_TOKEN_MINUTES. Changing the password bumps ``authversion``, which ends every
other session at once (their access tokens carry the old version).
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

import strawberry
from sqlalchemy import select, update
from strawberry.types import Info

from shopdb_gql.auth import cookies, throttle
from shopdb_gql.auth.passwords import check_password, hash_password, password_problem
from shopdb_gql.auth.tokens import issue_access_token, issue_refresh_token, revoke_token, sha256
from shopdb_gql.auth.types import ApiToken, ApiTokenPayload, Session, SingleSignOn, User
from shopdb_gql.core import models
from shopdb_gql.core.editing import get_or_fail
from shopdb_gql.db.base import utcnow
from shopdb_gql.graphql.context import Context  # resolved at runtime by Strawberry
from shopdb_gql.graphql.errors import ErrorCode, PayloadErrors, UserError, unauthenticated, user_error
from shopdb_gql.graphql.mutations import Tx, perform


@strawberry.type(description="Result of changeMyPassword.")
class ChangePasswordPayload:
    user: User | None = strawberry.field(default=None, description="The account.")
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type(description="Result of revoking sessions.")
class RevokeSessionsPayload:
    revoked: int = strawberry.field(default=0, description="How many sessions ended.")
    errors: list[UserError] = strawberry.field(description="Why nothing was revoked.")


def _me(info: Info[Context, Any]) -> int:
    actor = info.context.actor
    if actor.kind != "user" or actor.id is None:
        raise unauthenticated("Sign in as a person (not with an API token) to manage your account")
    return actor.id


def _current_hash(info: Info[Context, Any]) -> str | None:
    secret = cookies.refresh_cookie(info.context.request)
    return sha256(secret) if secret else None


def _ended() -> dict[str, Any]:
    """How a session is ended here: it expires now. ``revokedat`` is left to rotation, whose
    "a revoked token came back" means theft and ends ALL the person's sessions."""
    return {"expiresat": utcnow()}


def _live(user_id: int) -> Any:
    return (models.RefreshToken.userid == user_id, models.RefreshToken.revokedat.is_(None),
            models.RefreshToken.expiresat > utcnow())


@strawberry.type
class AccountQuery:
    @strawberry.field(description=(
        "Whether the login page offers single sign-on, and how; whether directory accounts "
        "use its password form."))
    def single_sign_on(self, info: Info[Context, Any]) -> SingleSignOn:
        settings = info.context.settings
        if not settings.oidc_enabled:
            return SingleSignOn(enabled=False, button_label=None, login_url=None, logout_url=None,
                                directory=settings.ldap_enabled)
        return SingleSignOn(enabled=True, button_label=settings.oidc_button_label,
                            login_url="/auth/oidc/login", logout_url="/auth/oidc/logout",
                            directory=settings.ldap_enabled)

    @strawberry.field(description="My signed-in sessions (browsers and clients), newest use first.")
    async def my_sessions(self, info: Info[Context, Any]) -> list[Session]:
        user_id = _me(info)
        current = _current_hash(info)
        rows = await info.context.session.scalars(
            select(models.RefreshToken).where(*_live(user_id))
            .order_by(models.RefreshToken.lastusedat.desc(), models.RefreshToken.id.desc()))
        return [Session(id=strawberry.ID(str(r.id)), created_at=r.createdat,
                        last_used_at=r.lastusedat, expires_at=r.expiresat, address=r.address,
                        user_agent=r.useragent, current=r.tokenhash == current) for r in rows]

    @strawberry.field(description="The API tokens I created, newest first.")
    async def my_api_tokens(self, info: Info[Context, Any]) -> list[ApiToken]:
        user_id = _me(info)
        rows = await info.context.session.scalars(
            select(models.ApiToken).where(models.ApiToken.createdbyid == user_id)
            .order_by(models.ApiToken.id.desc()))
        return [ApiToken.from_row(r) for r in rows]


@strawberry.type
class AccountMutation:
    @strawberry.mutation(description=(
        "Change my password (accounts with a local password only). Every other session "
        "ends; this one continues with new cookies/tokens."))
    async def change_my_password(self, info: Info[Context, Any], current_password: str,
                                 new_password: str) -> ChangePasswordPayload:
        user_id = _me(info)
        ctx = info.context
        settings = ctx.settings
        row = await ctx.session.get(models.User, user_id)
        if row is None or not row.isactive:
            raise unauthenticated("The account is gone or disabled")
        if row.authsource != "local":
            return ChangePasswordPayload(errors=[user_error(
                ErrorCode.INVALID, f"Your password is managed by your directory "
                f"({row.authsource.upper()}): change it there", "currentPassword")])
        if problem := password_problem(new_password):
            return ChangePasswordPayload(errors=[user_error(ErrorCode.INVALID, problem,
                                                            "newPassword")])
        name, address = row.username, ctx.client_address
        wait = await throttle.wait_needed(ctx.session, name, address, settings.login_max_failures,
                                          settings.login_window_minutes)
        if wait > 0:
            return ChangePasswordPayload(errors=[user_error(
                ErrorCode.THROTTLED, f"Too many wrong passwords: try again in {math.ceil(wait)} s")])
        stored = row.passwordhash
        await ctx.session.rollback()
        verified = await check_password(stored, current_password)
        hashed = await asyncio.to_thread(hash_password, new_password) if verified else ""

        async def work(tx: Tx) -> dict[str, Any]:
            if not verified:
                await throttle.record_failure(tx.session, name, address)
                return {"wrong": True}
            user = await get_or_fail(tx.session, models.User, user_id, "user")
            user.passwordhash = hashed
            user.authversion = (user.authversion or 0) + 1
            await tx.session.execute(update(models.RefreshToken).where(*_live(user_id))
                                     .values(**_ended()))
            refresh = await issue_refresh_token(
                tx.session, user.id, settings.refresh_token_days,
                client=(address, ctx.request.headers.get("user-agent")))
            access, _ = issue_access_token(user, settings.secret_key, settings.access_token_minutes)
            if ctx.response is not None:
                cookies.set_session(ctx.response, settings, access, refresh)
            await tx.audit("update", "user", user.id, {"password": {"old": "***", "new": "***"}},
                           summary=f"{user.username} changed their password")
            return {"user": User.from_row(user)}

        result = await perform(info, lambda **kw: kw, work)
        ctx.runtime.accounts.forget(user_id)
        if result.pop("wrong", False):
            return ChangePasswordPayload(errors=[user_error(
                ErrorCode.INVALID_CREDENTIALS, "The current password is wrong", "currentPassword")])
        return ChangePasswordPayload(**result)

    @strawberry.mutation(description="End one of my sessions (see mySessions).")
    async def revoke_my_session(self, info: Info[Context, Any],
                                id: strawberry.ID) -> RevokeSessionsPayload:
        user_id = _me(info)

        async def work(tx: Tx) -> dict[str, Any]:
            try:
                key = int(id)
            except ValueError:
                key = -1
            done: Any = await tx.session.execute(
                update(models.RefreshToken).where(models.RefreshToken.id == key, *_live(user_id))
                .values(**_ended()).execution_options(synchronize_session=False))
            if done.rowcount != 1:
                raise PayloadErrors(user_error(ErrorCode.NOT_FOUND,
                                               f"No session {id} of yours is active", "id"))
            return {"revoked": 1}

        return await perform(info, RevokeSessionsPayload, work)

    @strawberry.mutation(description="End all my sessions except the one asking.")
    async def revoke_my_other_sessions(self, info: Info[Context, Any]) -> RevokeSessionsPayload:
        user_id = _me(info)
        current = _current_hash(info)

        async def work(tx: Tx) -> dict[str, Any]:
            query = update(models.RefreshToken).where(*_live(user_id))
            if current:
                query = query.where(models.RefreshToken.tokenhash != current)
            done: Any = await tx.session.execute(
                query.values(**_ended()).execution_options(synchronize_session=False))
            return {"revoked": int(done.rowcount or 0)}

        return await perform(info, RevokeSessionsPayload, work)

    @strawberry.mutation(description="Revoke an API token I created.")
    async def revoke_my_api_token(self, info: Info[Context, Any],
                                  id: strawberry.ID) -> ApiTokenPayload:
        user_id = _me(info)

        async def work(tx: Tx) -> dict[str, Any]:
            token = await get_or_fail(tx.session, models.ApiToken, id, "API token")
            if token.createdbyid != user_id:
                raise PayloadErrors(user_error(ErrorCode.NOT_FOUND,
                                               f"No API token {id} of yours", "id"))
            await revoke_token(tx, token)
            return {"api_token": ApiToken.from_row(token)}

        return await perform(info, ApiTokenPayload, work)
