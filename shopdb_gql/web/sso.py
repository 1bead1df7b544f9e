"""Single sign-on routes (OpenID Connect, authorization code flow with PKCE).

``GET /auth/oidc/login?next=/path`` sends the browser to the provider; the flow's state,
nonce and PKCE verifier travel in a signed, HttpOnly, 10-minute cookie scoped to
``/auth/oidc``. ``GET /auth/oidc/callback`` checks them, exchanges the code, validates the
ID token (shopdb_gql.auth.oidc), maps the groups claim to a role (shopdb_gql.auth.rolemap),
creates or updates the ``oidc`` account and sets the app's normal session cookies.
``GET /auth/oidc/logout`` clears the cookies and sends the browser to the provider's
end-session endpoint, if it has one. Every failure lands on ``/login?sso_error=<code>``.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

import jwt
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import RedirectResponse

from shopdb_gql.auth import cookies
from shopdb_gql.auth.actor import ANONYMOUS, Actor
from shopdb_gql.auth.oidc import (
    Flow,
    SsoError,
    authorization_url,
    discover,
    end_session_url,
    exchange_code,
    groups_of,
    new_flow,
    same,
)
from shopdb_gql.auth.rolemap import role_for_groups
from shopdb_gql.auth.tokens import issue_access_token, issue_refresh_token
from shopdb_gql.core import audit, models
from shopdb_gql.db.base import utcnow
from shopdb_gql.runtime import Runtime
from shopdb_gql.settings import Settings

log = logging.getLogger(__name__)
FLOW_COOKIE = "shopdb_oidc_flow"
FLOW_PATH = "/auth/oidc"
FLOW_MINUTES = 10
SOURCE = "oidc"
_USERNAME_CHARS = re.compile(r"[^A-Za-z0-9._@-]")


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _fail(code: str, settings: Settings) -> RedirectResponse:
    response = RedirectResponse(f"/login?sso_error={code}", status_code=303)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_PATH, secure=settings.cookie_secure,
                           httponly=True, samesite="lax")
    return response


def _flow_key(settings: Settings) -> str:
    return f"oidc-flow:{settings.secret_key}"


def _redirect_uri(request: Request, settings: Settings) -> str:
    base = settings.oidc_redirect_base.strip().rstrip("/")
    return f"{base}{FLOW_PATH}/callback" if base else str(request.url_for("oidc_callback"))


def _safe_next(value: str | None) -> str:
    """Only a path on this site (no ``//host``, no scheme) may follow a sign-in."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value[:500]
    return "/"


async def sso_login(request: Request) -> RedirectResponse:
    settings = _settings(request)
    if not settings.oidc_enabled:
        return _fail("not_configured", settings)
    try:
        meta = await discover(settings)
    except SsoError as exc:
        log.warning("single sign-on: %s", exc)
        return _fail(exc.code, settings)
    flow = new_flow(_safe_next(request.query_params.get("next")))
    signed = jwt.encode({"state": flow.state, "nonce": flow.nonce, "verifier": flow.verifier,
                         "next": flow.next, "exp": utcnow() + timedelta(minutes=FLOW_MINUTES)},
                        _flow_key(settings), algorithm="HS256")
    response = RedirectResponse(authorization_url(meta, settings, flow,
                                                  _redirect_uri(request, settings)),
                                status_code=303)
    # Lax, whatever SHOPDB_COOKIE_SAMESITE says: the provider's redirect back is a
    # cross-site top-level GET, which a strict cookie would not accompany.
    response.set_cookie(FLOW_COOKIE, signed, max_age=FLOW_MINUTES * 60, path=FLOW_PATH,
                        httponly=True, secure=settings.cookie_secure, samesite="lax")
    return response


def _read_flow(request: Request, settings: Settings) -> Flow:
    raw = request.cookies.get(FLOW_COOKIE)
    if not raw:
        raise SsoError("bad_state", "no sign-in in progress (cookie missing or expired)")
    try:
        data = jwt.decode(raw, _flow_key(settings), algorithms=["HS256"],
                          options={"require": ["exp"]})
        return Flow(str(data["state"]), str(data["nonce"]), str(data["verifier"]),
                    _safe_next(str(data["next"])))
    except (jwt.InvalidTokenError, KeyError) as exc:
        raise SsoError("bad_state", "the sign-in cookie is invalid or expired") from exc


async def sso_callback(request: Request) -> RedirectResponse:
    settings = _settings(request)
    runtime: Runtime = request.app.state.runtime
    address = request.client.host if request.client else "unknown"
    try:
        if not settings.oidc_enabled:
            raise SsoError("not_configured", "single sign-on is off")
        flow = _read_flow(request, settings)
        params = request.query_params
        if not params.get("state") or not same(params.get("state"), flow.state):
            raise SsoError("bad_state", "state does not match the sign-in")
        if params.get("error"):
            code = "denied" if params["error"] == "access_denied" else "provider_error"
            raise SsoError(code, f"provider: {params['error']} {params.get('error_description', '')}")
        if not params.get("code"):
            raise SsoError("missing_code", "the provider sent no code")
        meta = await discover(settings)
        claims = await exchange_code(meta, settings, flow, params["code"],
                                     _redirect_uri(request, settings))
        for attempt in (1, 2):
            try:
                async with runtime.db.transaction() as session:
                    user = await _sign_in(session, settings, claims, address, request)
                    access, _ = issue_access_token(user, settings.secret_key,
                                                   settings.access_token_minutes)
                    refresh = await issue_refresh_token(
                        session, user.id, settings.refresh_token_days,
                        client=(address, request.headers.get("user-agent")))
                break
            except IntegrityError:
                if attempt == 2:  # a concurrent first sign-in took the name: look again
                    raise
        runtime.accounts.forget(user.id)
    except SsoError as exc:
        log.warning("single sign-on refused from %s: %s", address, exc)
        if exc.code in ("no_role", "disabled"):
            async with runtime.db.transaction() as session:
                await audit.record(session, ANONYMOUS, action="login_failed", object_type="login",
                                   object_id=exc.detail[:80], source=SOURCE,
                                   summary=f"{exc.detail[:80]} from {address} ({exc.code})",
                                   changes={"address": {"old": None, "new": address},
                                            "authsource": {"old": None, "new": SOURCE}})
        return _fail(exc.code, settings)
    except Exception:  # the database or something unforeseen: a message, never a 500
        log.exception("single sign-on failed from %s", address)
        return _fail("internal", settings)
    response = RedirectResponse(flow.next, status_code=303)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_PATH, secure=settings.cookie_secure,
                           httponly=True, samesite="lax")
    cookies.set_session(response, settings, access, refresh)
    return response


def _username_base(claims: dict[str, Any], settings: Settings) -> str:
    for claim in (settings.oidc_username_claim, "preferred_username", "email", "sub"):
        value = claims.get(claim)
        if isinstance(value, str) and value.strip():
            name = _USERNAME_CHARS.sub("-", value.strip())[:70]
            if len(name) >= 2:
                return name
    return "sso-user"


async def _sign_in(session: AsyncSession, settings: Settings, claims: dict[str, Any],
                   address: str, request: Request) -> models.User:
    """Find or create the account of ``claims`` (never an existing local one), with the
    role its groups map to; raises SsoError for no role or a disabled account."""
    external = f"{claims['iss']}|{claims['sub']}"[:255]
    base = _username_base(claims, settings)
    role = role_for_groups(groups_of(claims, settings.oidc_groups_claim), settings)
    if role is None:
        raise SsoError("no_role", base)
    user = await session.scalar(select(models.User).where(models.User.authsource == SOURCE,
                                                          models.User.externalid == external))
    if user is None:
        name = base
        taken = set(await session.scalars(select(models.User.username)
                                          .where(models.User.username.like(f"{base}%"))))
        n = 2
        while name in taken:  # a local "alice" is never taken over by an SSO "alice"
            name, n = f"{base}-{n}", n + 1
        user = models.User(username=name, passwordhash="!oidc", role=role, authsource=SOURCE,
                           externalid=external, isactive=True)
        session.add(user)
    elif not user.isactive:
        raise SsoError("disabled", user.username)
    if user.role != role:
        user.authversion = (user.authversion or 0) + 1  # old access tokens carry the old role
    user.role = role
    display = claims.get("name")
    user.displayname = display[:120] if isinstance(display, str) and display else user.displayname
    email = claims.get("email")
    user.email = email[:255] if isinstance(email, str) and email else user.email
    user.lastloginat = user.directorycheckedat = utcnow()
    user.lastloginaddress = address[:64]
    await session.flush()
    await audit.record(session, Actor.for_user(user.id, user.username, user.role),
                       action="login", object_type="login", object_id=user.username,
                       source=SOURCE, summary=f"{user.username} from {address}",
                       changes={"address": {"old": None, "new": address},
                                "authsource": {"old": None, "new": SOURCE}})
    return user


async def sso_logout(request: Request) -> RedirectResponse:
    """After the app's logout mutation: clear the cookies and end the provider's session."""
    settings = _settings(request)
    response = RedirectResponse("/login", status_code=303)
    if settings.oidc_enabled:
        try:
            meta = await discover(settings)
        except SsoError:
            meta = {}
        base = settings.oidc_redirect_base.strip().rstrip("/") or str(request.base_url).rstrip("/")
        if target := end_session_url(meta, settings, f"{base}/login"):
            response = RedirectResponse(target, status_code=303)
    cookies.clear_session(response, settings)
    return response
