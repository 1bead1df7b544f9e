"""Access JWTs, rotating refresh tokens and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

import jwt
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.auth.actor import Actor
from shopdb_gql.core.models import ApiToken, RefreshToken, User
from shopdb_gql.db.base import utcnow

API_TOKEN_PREFIX = "shp_"
_ALGORITHM = "HS256"


#: (address, user agent) of the client a session belongs to.
ClientInfo = tuple[str | None, str | None]


class TokenError(Exception):
    """A token that is malformed, forged, expired or revoked."""


class RefreshTokenReused(TokenError):
    """A used refresh token came back (likely stolen): revoke all of ``user_id``'s tokens.

    The caller's transaction rolls back on this error, so the revocation must be
    committed separately (see :func:`revoke_user_refresh_tokens`).
    """

    def __init__(self, user_id: int) -> None:
        super().__init__("Refresh token already used: log in again")
        self.user_id = user_id


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def issue_access_token(user: User, secret: str, minutes: int) -> tuple[str, datetime]:
    expires = utcnow() + timedelta(minutes=minutes)
    claims = {"sub": str(user.id), "name": user.username, "role": user.role, "exp": expires,
              "iat": utcnow(), "typ": "access", "ver": user.authversion or 0}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM), expires


def decode_access_token(token: str, secret: str) -> Actor:
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM], options={"require": ["exp", "sub"]})
    except jwt.ExpiredSignatureError as exc:
        raise TokenError("Access token expired: refresh it or log in again") from exc
    except jwt.InvalidTokenError as exc:
        raise TokenError("Invalid access token") from exc
    if claims.get("typ") != "access":
        raise TokenError("Invalid access token")
    return Actor.for_user(int(claims["sub"]), str(claims["name"]), str(claims["role"]),
                          int(claims.get("ver") or 0))


async def issue_refresh_token(session: AsyncSession, user_id: int, days: int, *,
                              client: ClientInfo | None = None,
                              started: datetime | None = None) -> str:
    """A new refresh token: a session of ``client`` (address, user agent). A rotated token
    keeps its session's ``started`` time as ``createdat``, so "my sessions" shows when the
    session began."""
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    address, agent = client or (None, None)
    session.add(RefreshToken(userid=user_id, tokenhash=sha256(secret),
                             expiresat=now + timedelta(days=days), createdat=started or now,
                             address=address[:64] if address else None,
                             useragent=agent[:255] if agent else None, lastusedat=now))
    await session.flush()
    return secret


async def rotate_refresh_token(session: AsyncSession, secret: str, days: int,
                               client: ClientInfo | None = None) -> tuple[User, str]:
    """Revoke ``secret`` and issue its successor. Reuse of a revoked token: RefreshTokenReused."""
    row = await session.scalar(select(RefreshToken).where(RefreshToken.tokenhash == sha256(secret)))
    if row is None:
        raise TokenError("Unknown refresh token: log in again")
    if row.revokedat is not None:
        raise RefreshTokenReused(row.userid)
    if row.expiresat <= utcnow():
        raise TokenError("Refresh token expired: log in again")
    user = await session.get(User, row.userid)
    if user is None or not user.isactive:
        raise TokenError("User is disabled")
    # Exactly one exchange wins: the conditional update takes the row only if no concurrent
    # exchange did (on MySQL it waits for that one's lock and then sees its revocation).
    won: Any = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == row.id, RefreshToken.revokedat.is_(None))
        .values(revokedat=utcnow())
        .execution_options(synchronize_session=False))
    if won.rowcount != 1:
        raise RefreshTokenReused(row.userid)
    return user, await issue_refresh_token(session, user.id, days, client=client,
                                           started=row.createdat)


async def revoke_refresh_token(session: AsyncSession, secret: str) -> None:
    await session.execute(update(RefreshToken)
                          .where(RefreshToken.tokenhash == sha256(secret), RefreshToken.revokedat.is_(None))
                          .values(revokedat=utcnow()))


async def revoke_user_refresh_tokens(session: AsyncSession, user_id: int) -> None:
    await session.execute(update(RefreshToken)
                          .where(RefreshToken.userid == user_id, RefreshToken.revokedat.is_(None))
                          .values(revokedat=utcnow()))


def new_api_token_secret() -> tuple[str, str]:
    """(secret shown once, its lookup prefix)."""
    prefix = secrets.token_hex(4)
    return f"{API_TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}", prefix


async def create_api_token(
    session: AsyncSession, name: str, scopes: list[str], expires_in_days: int | None,
    created_by: int | None,
) -> tuple[ApiToken, str]:
    secret, prefix = new_api_token_secret()
    expires = utcnow() + timedelta(days=expires_in_days) if expires_in_days else None
    token = ApiToken(name=name, prefix=prefix, secrethash=sha256(secret), scopes=sorted(set(scopes)),
                     expiresat=expires, createdbyid=created_by)
    session.add(token)
    await session.flush()
    return token, secret


async def authenticate_api_token(session: AsyncSession, secret: str) -> Actor:
    token = await session.scalar(select(ApiToken).where(ApiToken.secrethash == sha256(secret)))
    if token is None:
        raise TokenError("Invalid API token")
    if token.revokedat is not None:
        raise TokenError("API token revoked")
    if token.expiresat is not None and token.expiresat <= utcnow():
        raise TokenError("API token expired")
    if token.createdbyid is not None:  # a token dies with its creator's account
        active = await session.scalar(select(User.isactive).where(User.id == token.createdbyid))
        if not active:
            raise TokenError("API token revoked: the account that created it is disabled")
    now = utcnow()
    if token.lastusedat is None or now - token.lastusedat > timedelta(minutes=1):
        token.lastusedat = now
        await session.commit()
    return Actor.for_token(token.id, token.name, list(token.scopes))


async def revoke_token(tx: Any, token: ApiToken) -> None:
    """Revoke ``token`` (once) and audit it, in the caller's mutation transaction (a ``Tx``):
    the admin's revoke and a person's own use the same."""
    if token.revokedat is None:
        token.revokedat = utcnow()
        await tx.audit("revoke", "apitoken", token.id,
                       {"revokedat": {"old": None, "new": token.revokedat.isoformat()}},
                       summary=token.name)
