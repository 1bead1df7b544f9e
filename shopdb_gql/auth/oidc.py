"""OpenID Connect relying party: discovery, the authorization request (state, nonce, PKCE
S256) and the code exchange with ID token validation.

Tokens are checked with joserfc (Authlib's JOSE library): the signature against the
provider's JWKS (asymmetric algorithms only), ``iss`` equal to the discovered issuer,
``aud`` containing the client id (and ``azp`` equal to it when there are several
audiences), ``exp``/``iat``, and ``nonce`` equal to the one sent. Failures raise
:class:`SsoError` with a short code the login page turns into a message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus, urlencode

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from shopdb_gql.settings import Settings

#: Signature algorithms accepted on ID tokens: never ``none``, never a shared secret.
SAFE_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
                   "ES512", "EdDSA")
DISCOVERY_SECONDS = 3600
TIMEOUT = httpx.Timeout(10.0)
_cache: dict[str, tuple[float, dict[str, Any]]] = {}


class SsoError(Exception):
    """Single sign-on failed; ``code`` goes to the login page (``/login?sso_error=code``)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Flow:
    """What the callback must see again: kept in a signed cookie between the two requests."""

    state: str
    nonce: str
    verifier: str
    next: str


def new_flow(next_path: str) -> Flow:
    return Flow(secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48),
                next_path)


def code_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and hmac.compare_digest(str(a), str(b))


async def _get_json(client: httpx.AsyncClient, url: str, **kw: Any) -> dict[str, Any]:
    try:
        response = await client.get(url, **kw)
    except httpx.HTTPError as exc:
        raise SsoError("provider_unavailable", f"{url}: {exc.__class__.__name__}") from exc
    if response.status_code != 200:
        raise SsoError("provider_unavailable", f"{url} answered {response.status_code}")
    try:
        data = response.json()
    except ValueError as exc:
        raise SsoError("provider_unavailable", f"{url} did not answer JSON") from exc
    if not isinstance(data, dict):
        raise SsoError("provider_unavailable", f"{url} did not answer a JSON object")
    return data


async def discover(settings: Settings, *, fresh: bool = False) -> dict[str, Any]:
    """The provider's metadata with its ``jwks`` (cached for an hour)."""
    issuer = settings.oidc_issuer.strip().rstrip("/")
    cached = _cache.get(issuer)
    if cached and not fresh and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
        return cached[1]
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        meta = await _get_json(client, f"{issuer}/.well-known/openid-configuration")
        if str(meta.get("issuer", "")).rstrip("/") != issuer:
            raise SsoError("provider_unavailable",
                           f"discovery names issuer {meta.get('issuer')!r}, not {issuer!r}")
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(meta.get(key), str):
                raise SsoError("provider_unavailable", f"discovery lacks {key}")
        meta = {**meta, "jwks": await _get_json(client, meta["jwks_uri"])}
    _cache[issuer] = (time.monotonic(), meta)
    return meta


def authorization_url(meta: dict[str, Any], settings: Settings, flow: Flow,
                      redirect_uri: str) -> str:
    params = {"response_type": "code", "client_id": settings.oidc_client_id,
              "redirect_uri": redirect_uri, "scope": settings.oidc_scopes, "state": flow.state,
              "nonce": flow.nonce, "code_challenge": code_challenge(flow.verifier),
              "code_challenge_method": "S256"}
    endpoint = meta["authorization_endpoint"]
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


async def exchange_code(meta: dict[str, Any], settings: Settings, flow: Flow, code: str,
                        redirect_uri: str) -> dict[str, Any]:
    """Trade the code for tokens; return the validated ID token claims, with the groups
    from userinfo when the ID token does not carry them."""
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "code_verifier": flow.verifier, "client_id": settings.oidc_client_id}
    methods = meta.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    extra: dict[str, Any] = {}
    if settings.oidc_client_secret:
        if "client_secret_basic" in methods:
            # RFC 6749 2.3.1: id and secret are form-encoded before Basic encoding.
            extra["auth"] = httpx.BasicAuth(quote_plus(settings.oidc_client_id),
                                            quote_plus(settings.oidc_client_secret))
        else:
            form["client_secret"] = settings.oidc_client_secret
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        try:
            response = await client.post(meta["token_endpoint"], data=form, **extra,
                                         headers={"accept": "application/json"})
        except httpx.HTTPError as exc:
            raise SsoError("provider_unavailable", f"token endpoint: {exc}") from exc
        if response.status_code != 200:
            raise SsoError("token_failed", f"token endpoint answered {response.status_code}: "
                                           f"{response.text[:200]}")
        try:
            tokens = response.json()
        except ValueError as exc:
            raise SsoError("token_failed", "the token endpoint did not answer JSON") from exc
        id_token = tokens.get("id_token") if isinstance(tokens, dict) else None
        if not isinstance(id_token, str):
            raise SsoError("invalid_token", "the token response has no id_token")
        try:
            claims = validate_id_token(meta, settings, id_token, flow.nonce)
        except SsoError:
            # The provider may have rotated its signing keys since discovery was cached.
            fresh = await discover(settings, fresh=True)
            if fresh["jwks"] == meta["jwks"]:
                raise
            meta = fresh
            claims = validate_id_token(meta, settings, id_token, flow.nonce)
        if settings.oidc_groups_claim not in claims and meta.get("userinfo_endpoint") \
                and tokens.get("access_token"):
            info = await _get_json(client, meta["userinfo_endpoint"], headers={
                "authorization": f"Bearer {tokens['access_token']}"})
            if info.get("sub") == claims["sub"] and settings.oidc_groups_claim in info:
                claims[settings.oidc_groups_claim] = info[settings.oidc_groups_claim]
    return claims


def validate_id_token(meta: dict[str, Any], settings: Settings, id_token: str,
                      nonce: str) -> dict[str, Any]:
    allowed = [a for a in meta.get("id_token_signing_alg_values_supported") or ["RS256"]
               if a in SAFE_ALGORITHMS] or ["RS256"]
    try:
        keys = KeySet.import_key_set(meta["jwks"])
        token = jwt.decode(id_token, keys, algorithms=allowed)
        jwt.JWTClaimsRegistry(
            leeway=60, iss={"essential": True, "value": meta["issuer"]},
            sub={"essential": True}, exp={"essential": True}, iat={"essential": True},
            aud={"essential": True, "value": settings.oidc_client_id},
        ).validate(token.claims)
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise SsoError("invalid_token", f"ID token refused: {exc}") from exc
    claims = dict(token.claims)
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != settings.oidc_client_id:
        raise SsoError("invalid_token", "ID token for several audiences without our azp")
    if not same(claims.get("nonce"), nonce):
        raise SsoError("invalid_token", "ID token nonce does not match the sign-in")
    return claims


def groups_of(claims: dict[str, Any], claim: str) -> list[str]:
    """The groups claim as a list of names (a list, or one string, or absent)."""
    value = claims.get(claim)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int)]
    return []


def end_session_url(meta: dict[str, Any], settings: Settings, after: str) -> str | None:
    endpoint = meta.get("end_session_endpoint")
    if not isinstance(endpoint, str):
        return None
    params = {"client_id": settings.oidc_client_id, "post_logout_redirect_uri": after}
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"
