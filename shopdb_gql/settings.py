"""All configuration, read from ``SHOPDB_*`` environment variables and ``.env``.

Production settings are validated as a whole: :meth:`Settings.validate_for_production`
collects every problem and raises one :class:`ConfigurationError` listing them all.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEV_SECRET = "dev-insecure-secret-change-me-0123456789abcdef"
#: The embedded database next to the checkout (where `make run` puts it): the same file
#: whichever folder a command runs in.
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{Path(__file__).resolve().parent.parent / 'shopdb.sqlite3'}"
MIN_SECRET_LENGTH = 32


#: Estimated entropy a production secret must reach. The estimate is cautious: 32 random
#: hex characters (128 real bits, ``openssl rand -hex 16``) score about 123, at least 86
#: in 50,000 draws; ``secrets.token_urlsafe(48)`` over 300. Guessable ones score under 50
#: (tests/test_proxies_and_doors.py).
MIN_SECRET_BITS = 80
#: Characters of a secret the estimate reads (beyond them it only grows).
_SECRET_READ = 256
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$|^https?://\[[0-9A-Fa-f:]+\](:\d{1,5})?$")


def _pieces(text: str, shortest: int = 4) -> int:
    """How many pieces ``text`` is made of when each repeat of earlier text (``shortest``
    characters or more, overlapping allowed) counts as one piece and every other character
    as one: a Lempel-Ziv parse. ``Password1!`` three times over and two more characters is
    12 pieces, where a random string of 32 is about 32."""
    pieces = i = 0
    while i < len(text):
        longest = 0
        for j in range(i):
            k = 0
            while i + k < len(text) and text[j + k] == text[i + k]:
                k += 1
            longest = max(longest, k)
        i += longest if longest >= shortest else 1
        pieces += 1
    return pieces


def secret_bits(secret: str) -> float:
    """A cautious estimate of a secret's entropy: the Shannon entropy of its characters
    (with the Miller-Madow correction: a short sample of a random alphabet looks less
    varied than the alphabet is), times how many pieces carry it: repeats of earlier text
    count as one piece (:func:`_pieces`), and so do runs and steps (``aaaa``, ``abcd``,
    ``1234``)."""
    text = secret[:_SECRET_READ]
    if not text:
        return 0.0
    counts = Counter(text)
    size = len(text)
    per_char = -sum(n / size * math.log2(n / size) for n in counts.values())
    per_char += (len(counts) - 1) / (2 * size * math.log(2))
    # Runs and steps carry little: count the characters that break them.
    breaks = 1 + sum(1 for a, b, c in zip(text, text[1:], text[2:], strict=False)
                     if ord(c) - ord(b) != ord(b) - ord(a))
    return per_char * min(_pieces(text), breaks + 1)


def origin_problem(origin: str) -> str | None:
    """Why ``origin`` cannot be a CORS origin in production, or None."""
    value = origin.strip()
    if value == "*":
        return "'*' allows every site: list the exact origins instead"
    if value.lower() == "null":
        return "'null' is the origin of sandboxed frames and local files: never allow it"
    if not _ORIGIN.match(value):
        return f"{value!r} is not an origin: scheme://host[:port], no path"
    if value.startswith("http://") and not re.match(r"^http://(localhost|127\.0\.0\.1)(:|$)", value):
        return f"{value!r} is plain http: browsers would send credentials unencrypted"
    return None


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Execution(StrEnum):
    """How operations are executed: from plans compiled once per known query (the default,
    graphql/compiled.py), with the plain-leaf shortcut only (graphql/execution.py), or every
    field through graphql-core's own executor (the reference both are tested against,
    answer for answer, in tests/fuzz/test_differential.py)."""

    FAST = "fast"
    COMPILED = "compiled"
    GRAPHQL_CORE = "graphql-core"


class Access(StrEnum):
    """Who may use a developer facility (GraphiQL, introspection): everyone, signed-in, no one."""

    ON = "on"
    AUTHENTICATED = "authenticated"
    OFF = "off"


class ConfigurationError(Exception):
    """The configuration cannot be used; the message lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"invalid configuration ({len(problems)} problem(s)):\n{lines}")


def _split_list(value: object) -> object:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


_RDN = re.compile(r"^\s*[A-Za-z][A-Za-z0-9-]*\s*=")


def split_groups(value: str) -> list[str]:
    """A group list: ``;``-separated if it has a ``;``, else comma-separated where a piece
    that is ``attr=value`` after a DN continues that DN (``CN=Admins,OU=Groups,DC=corp``
    stays one entry; ``Admins, Editors`` are two)."""
    if ";" in value:
        return [item.strip() for item in value.split(";") if item.strip()]
    items: list[str] = []
    for piece in (p.strip() for p in value.split(",")):
        if not piece:
            continue
        if items and _RDN.match(piece) and _RDN.match(items[-1]) \
                and not piece.lower().replace(" ", "").startswith("cn="):
            items[-1] = f"{items[-1]},{piece}"
        else:
            items.append(piece)
    return items


class Settings(BaseSettings):
    """Configuration of one shopdb-gql instance (one site)."""

    model_config = SettingsConfigDict(
        env_prefix="SHOPDB_", env_file=".env", extra="ignore", frozen=True
    )

    env: Environment = Environment.DEVELOPMENT
    #: Default: the embedded database next to the checkout (where `make run` puts it), the
    #: same file from any folder.
    database_url: str = DEFAULT_DATABASE_URL
    allow_sqlite_in_production: bool = False
    #: GraphQL HTTP operations one worker runs at once (0: no limit); more wait in order.
    max_concurrent_requests: int = 2
    db_pool_size: int = 10
    db_max_overflow: int = 10
    db_pool_recycle: int = 1800
    #: Seconds a request waits for a pooled connection before answering UNAVAILABLE.
    db_pool_timeout: float = 5.0
    #: A pooled connection idle this long is pinged before use (0: before every use).
    db_ping_after_idle_seconds: float = Field(default=10.0, ge=0)
    secret_key: str = DEV_SECRET
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    #: Addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For/-Proto are
    #: believed; none by default (the socket's address is the client's).
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    #: A bearer token /metrics requires; without one, /metrics is off in production.
    metrics_token: str = ""
    plugin_paths: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    bundled_plugins_dir: Path = Path(__file__).resolve().parent.parent / "plugins"
    access_token_minutes: int = 15
    refresh_token_days: int = 14
    cookie_secure: bool = False
    cookie_samesite: str = "lax"
    login_max_failures: int = 5
    login_window_minutes: int = 15
    max_query_depth: int = 12
    max_query_tokens: int = 4000
    max_aliases: int = 30
    max_query_fields: int = 1500
    max_query_cost: int = 50_000
    max_page_size: int = 500
    max_body_bytes: int = 6 * 1024 * 1024
    execution: Execution = Execution.COMPILED
    schema_poll_seconds: float = 1.0
    #: Rebuild the search index in the background when it lacks a column the enabled kinds
    #: search (at start, after a plugin is enabled); off: `shopdb search reindex` only.
    search_auto_reindex: bool = True
    frontend_dist: Path = Path(__file__).resolve().parent.parent / "frontend" / "dist"
    log_level: str = "INFO"
    log_json: bool = False
    workers: int = 1
    # Unset: AUTHENTICATED in production (the schema is not a map for anonymous visitors),
    # ON elsewhere. Read through graphiql_access / introspection_access.
    graphiql: Access | None = None
    introspection: Access | None = None
    #: Directory groups (names or DNs, comma-separated) whose members get each role when
    #: they sign in through LDAP or OpenID Connect (shopdb_gql.auth.rolemap).
    admin_groups: Annotated[list[str], NoDecode] = Field(default_factory=list)
    editor_groups: Annotated[list[str], NoDecode] = Field(default_factory=list)
    viewer_groups: Annotated[list[str], NoDecode] = Field(default_factory=list)
    #: OpenID Connect single sign-on (off while the issuer is empty).
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_scopes: str = "openid profile email"
    oidc_groups_claim: str = "groups"
    oidc_username_claim: str = "preferred_username"
    oidc_button_label: str = "Sign in with single sign-on"
    #: The public URL of this app (https://shopdb.example.com) for the callback address;
    #: empty: taken from the request.
    oidc_redirect_base: str = ""

    #: LDAP / Active Directory sign-in (off while the URL is empty). docs/DEPLOY.md
    #: "Directory sign-in" explains each setting with an Active Directory example.
    ldap_url: str = ""
    ldap_start_tls: bool = True
    ldap_ca_file: str = ""
    ldap_verify_certificates: bool = True
    ldap_bind_dn: str = ""
    ldap_bind_password: str = ""
    ldap_user_dn_template: str = ""
    ldap_user_base: str = ""
    ldap_user_filter: str = "(uid={username})"
    ldap_username_attribute: str = "uid"
    ldap_disabled_filter: str = ""
    ldap_group_base: str = ""
    ldap_group_filter: str = "(|(member={user_dn})(uniqueMember={user_dn}))"
    ldap_nested_groups: bool = True
    ldap_timeout_seconds: float = 5.0
    ldap_sync_seconds: float = 300.0

    #: Webhook deliveries (core/delivery.py): answer within, attempts, first retry delay.
    webhook_timeout_seconds: float = 10.0
    webhook_max_attempts: int = 6
    webhook_retry_seconds: float = 10.0
    #: Let webhooks reach this machine (loopback) and link-local addresses (cloud metadata
    #: services): off, so an admin account cannot be used to probe the server's own ports.
    webhook_allow_loopback: bool = False

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _parse_origins(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("admin_groups", "editor_groups", "viewer_groups", mode="before")
    @classmethod
    def _parse_groups(cls, value: object) -> object:
        return split_groups(value) if isinstance(value, str) else value

    @field_validator("database_url", mode="before")
    @classmethod
    def _default_database(cls, value: object) -> object:
        return DEFAULT_DATABASE_URL if isinstance(value, str) and not value.strip() else value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _parse_proxies(cls, value: object) -> object:
        items = _split_list(value)
        for item in items if isinstance(items, list) else []:
            try:
                ipaddress.ip_network(str(item), strict=False)
            except ValueError as exc:
                raise ValueError(f"SHOPDB_TRUSTED_PROXIES: {item!r} is not an address or "
                                 "network (e.g. 10.0.0.5 or 172.16.0.0/12)") from exc
        return items

    @field_validator("plugin_paths", mode="before")
    @classmethod
    def _parse_paths(cls, value: object) -> object:
        if isinstance(value, str):
            return [p for p in value.replace(";", ":").split(":") if p.strip()]
        return value

    @field_validator("oidc_scopes", "oidc_groups_claim", "oidc_username_claim",
                     "oidc_button_label", "ldap_user_filter", "ldap_username_attribute",
                     "ldap_group_filter", "ldap_start_tls", "ldap_verify_certificates",
                     "ldap_nested_groups", "ldap_timeout_seconds", "ldap_sync_seconds",
                     "webhook_timeout_seconds", "webhook_max_attempts", "webhook_retry_seconds",
                     "webhook_allow_loopback", mode="before")
    @classmethod
    def _blank_is_default(cls, value: object, info: ValidationInfo) -> object:
        """An empty value (``SHOPDB_LDAP_USER_FILTER=``, or compose passing an unset
        variable as ``""``) means the setting's default, not an empty filter or a bad number."""
        if isinstance(value, str) and not value.strip() and info.field_name:
            return cls.model_fields[info.field_name].default
        return value

    @field_validator("graphiql", "introspection", mode="before")
    @classmethod
    def _empty_is_default(cls, value: object) -> object:
        """``SHOPDB_GRAPHIQL=`` (empty, as in .env.example) means the environment's default."""
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def is_production(self) -> bool:
        return self.env is Environment.PRODUCTION

    @property
    def graphiql_access(self) -> Access:
        """Who gets GraphiQL at ``GET /graphql`` (SHOPDB_GRAPHIQL, default by environment)."""
        return self.graphiql or self._default_access()

    @property
    def introspection_access(self) -> Access:
        """Who may query ``__schema``/``__type`` (SHOPDB_INTROSPECTION, default by environment)."""
        return self.introspection or self._default_access()

    def _default_access(self) -> Access:
        return Access.AUTHENTICATED if self.is_production else Access.ON

    @property
    def oidc_enabled(self) -> bool:
        """Whether "Sign in with ..." is offered (an issuer and a client id are set)."""
        return bool(self.oidc_issuer.strip() and self.oidc_client_id.strip())

    def oidc_problems(self) -> list[str]:
        """What keeps the OpenID Connect settings from working, anywhere (empty if fine)."""
        if not self.oidc_issuer.strip():
            return []
        problems = []
        if not self.oidc_client_id.strip():
            problems.append("SHOPDB_OIDC_ISSUER is set but SHOPDB_OIDC_CLIENT_ID is empty")
        if "openid" not in self.oidc_scopes.split():
            problems.append("SHOPDB_OIDC_SCOPES must contain 'openid'")
        return problems

    @property
    def ldap_enabled(self) -> bool:
        """Whether directory users can sign in (``SHOPDB_LDAP_URL`` is set)."""
        return bool(self.ldap_url.strip())

    def ldap_problems(self) -> list[str]:
        """What keeps the LDAP settings from working, anywhere (empty if fine or off)."""
        if not self.ldap_enabled:
            return []
        problems = []
        for url in self.ldap_url.replace(",", " ").split():
            if not url.lower().startswith(("ldap://", "ldaps://")):
                problems.append(f"SHOPDB_LDAP_URL: {url!r} is not an ldap:// or ldaps:// URL")
        if not self.ldap_bind_dn and not self.ldap_user_dn_template:
            problems.append("SHOPDB_LDAP_URL is set but neither SHOPDB_LDAP_BIND_DN (a service "
                            "account that searches) nor SHOPDB_LDAP_USER_DN_TEMPLATE (direct "
                            "bind) is")
        if self.ldap_bind_dn and not self.ldap_user_base:
            problems.append("SHOPDB_LDAP_USER_BASE is needed to search users")
        if "{username}" not in self.ldap_user_filter:
            problems.append("SHOPDB_LDAP_USER_FILTER must contain {username}")
        if self.ldap_user_dn_template and "{username}" not in self.ldap_user_dn_template:
            problems.append("SHOPDB_LDAP_USER_DN_TEMPLATE must contain {username}")
        if self.ldap_group_filter and "{user_dn}" not in self.ldap_group_filter:
            problems.append("SHOPDB_LDAP_GROUP_FILTER must contain {user_dn}")
        if self.ldap_ca_file and not Path(self.ldap_ca_file).is_file():
            problems.append(f"SHOPDB_LDAP_CA_FILE: {self.ldap_ca_file} is not a file")
        if not 0 < self.ldap_timeout_seconds <= 60:
            problems.append("SHOPDB_LDAP_TIMEOUT_SECONDS must be between 0 and 60")
        return problems

    @property
    def strict_plugins(self) -> bool:
        """Fail loud on a broken plugin everywhere but production."""
        return not self.is_production

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def production_problems(self) -> list[str]:
        """Every reason this configuration is unfit for production (empty if fit)."""
        problems: list[str] = []
        if self.secret_key == DEV_SECRET or not self.secret_key:
            problems.append("SHOPDB_SECRET_KEY is missing or the development default")
        elif len(self.secret_key) < MIN_SECRET_LENGTH or secret_bits(self.secret_key) < MIN_SECRET_BITS:
            problems.append(
                f"SHOPDB_SECRET_KEY is weak (about {secret_bits(self.secret_key):.0f} bits of "
                f"{MIN_SECRET_BITS} needed: too short, repetitive or patterned): use "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'")
        for origin in self.cors_origins:
            if problem := origin_problem(origin):
                problems.append(f"SHOPDB_CORS_ORIGINS: {problem}")
        if self.metrics_token and secret_bits(self.metrics_token) < MIN_SECRET_BITS:
            problems.append("SHOPDB_METRICS_TOKEN is weak: use secrets.token_urlsafe(32)")
        if not self.cookie_secure:
            problems.append("SHOPDB_COOKIE_SECURE must be true (serve behind TLS)")
        if self.cookie_samesite.lower() == "none":
            problems.append("SHOPDB_COOKIE_SAMESITE=none is insecure: use lax or strict")
        problems.extend(self.oidc_problems())
        if self.oidc_issuer.strip() and not self.oidc_issuer.startswith("https://"):
            problems.append("SHOPDB_OIDC_ISSUER must be an https:// URL in production")
        if self.oidc_redirect_base and not self.oidc_redirect_base.startswith("https://"):
            problems.append("SHOPDB_OIDC_REDIRECT_BASE must be an https:// URL in production")
        problems.extend(self.ldap_problems())
        if self.ldap_enabled:
            plain = [u for u in self.ldap_url.replace(",", " ").split()
                     if u.lower().startswith("ldap://")]
            if plain and not self.ldap_start_tls:
                problems.append("SHOPDB_LDAP_START_TLS=false sends passwords unencrypted: use "
                                "StartTLS or ldaps:// in production")
            if not self.ldap_verify_certificates:
                problems.append("SHOPDB_LDAP_VERIFY_CERTIFICATES=false trusts any server: give "
                                "SHOPDB_LDAP_CA_FILE instead")
        if self.is_sqlite and not self.allow_sqlite_in_production:
            problems.append(
                "SHOPDB_DATABASE_URL is SQLite: use mysql+aiomysql://... or set"
                " SHOPDB_ALLOW_SQLITE_IN_PRODUCTION=true"
            )
        return problems

    def validate_for_production(self) -> None:
        """Raise :class:`ConfigurationError` listing every problem, if in production."""
        if self.is_production:
            problems = self.production_problems()
            if problems:
                raise ConfigurationError(problems)
