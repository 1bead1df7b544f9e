"""Session cookies for browsers: httpOnly access/refresh cookies and a readable CSRF cookie."""

from __future__ import annotations

import hmac
import secrets
from typing import Literal, cast

from starlette.requests import HTTPConnection
from starlette.responses import Response

from shopdb_gql.settings import Settings

ACCESS_COOKIE = "shopdb_access"
REFRESH_COOKIE = "shopdb_refresh"
CSRF_COOKIE = "shopdb_csrf"
CSRF_HEADER = "x-csrf-token"


def _samesite(settings: Settings) -> Literal["lax", "strict", "none"]:
    value = settings.cookie_samesite.lower()
    return cast(Literal["lax", "strict", "none"], value if value in ("lax", "strict", "none") else "lax")


def set_session(response: Response, settings: Settings, access: str, refresh: str) -> None:
    common = {"secure": settings.cookie_secure, "samesite": _samesite(settings)}
    response.set_cookie(ACCESS_COOKIE, access, max_age=settings.access_token_minutes * 60,
                        httponly=True, path="/", **common)  # type: ignore[arg-type]
    response.set_cookie(REFRESH_COOKIE, refresh, max_age=settings.refresh_token_days * 86400,
                        httponly=True, path="/graphql", **common)  # type: ignore[arg-type]
    response.set_cookie(CSRF_COOKIE, secrets.token_urlsafe(24),
                        max_age=settings.refresh_token_days * 86400, httponly=False, path="/",
                        **common)  # type: ignore[arg-type]


def clear_session(response: Response, settings: Settings) -> None:
    for name, path in ((ACCESS_COOKIE, "/"), (REFRESH_COOKIE, "/graphql"), (CSRF_COOKIE, "/")):
        response.delete_cookie(name, path=path, secure=settings.cookie_secure,
                               samesite=_samesite(settings))


def refresh_cookie(request: HTTPConnection) -> str | None:
    return request.cookies.get(REFRESH_COOKIE)


def csrf_ok(request: HTTPConnection) -> bool:
    """Double-submit check: the X-CSRF-Token header must equal the CSRF cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    header = request.headers.get(CSRF_HEADER)
    return bool(cookie and header and hmac.compare_digest(cookie, header))
