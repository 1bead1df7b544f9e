"""LDAP / Active Directory: check a person's password and read who they are.

Built on ldap3 (no protocol of our own). Two ways to find a person, as django-auth-ldap
and GLPI do:

- **search**: a service account (``SHOPDB_LDAP_BIND_DN``) searches ``SHOPDB_LDAP_USER_BASE``
  with ``SHOPDB_LDAP_USER_FILTER`` (``(uid={username})``; AD ``(sAMAccountName={username})``),
  then the person's own DN is bound with their password;
- **direct bind**: ``SHOPDB_LDAP_USER_DN_TEMPLATE`` (``{username}@corp.example`` for an AD
  UPN, ``uid={username},ou=people,dc=example,dc=org``) is bound with the password, and the
  person reads their own entry. Without a service account the periodic re-check cannot run.

Groups are the entry's ``memberOf`` values plus the groups ``SHOPDB_LDAP_GROUP_FILTER``
finds, and, with ``SHOPDB_LDAP_NESTED_GROUPS``, the groups those are members of (walked
level by level, at most :data:`MAX_DEPTH` levels and :data:`MAX_GROUPS` groups). AD's
in-chain rule (``(member:1.2.840.113556.1.4.1941:={user_dn})``) works as the group filter
too. The groups map to a role through :mod:`shopdb_gql.auth.rolemap`.

An account is disabled when AD's ``userAccountControl`` has the ACCOUNTDISABLE bit, or when
it matches ``SHOPDB_LDAP_DISABLED_FILTER``. Every network step is bounded by
``SHOPDB_LDAP_TIMEOUT_SECONDS``; a directory that does not answer (or whose certificate
does not check out) raises :class:`DirectoryUnavailable`, never hangs.

Everything here is blocking: callers run it in a thread (:func:`asyncio.to_thread`).
"""

from __future__ import annotations

import math
import ssl
from dataclasses import dataclass, field
from typing import Any, Literal

from ldap3 import BASE, FIRST, NONE, SUBTREE, Connection, Server, ServerPool, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn

from shopdb_gql.auth.rolemap import role_for_groups
from shopdb_gql.settings import Settings

#: How many levels of nested groups are followed, and how many groups at most.
MAX_DEPTH = 8
MAX_GROUPS = 500
#: AD's userAccountControl ACCOUNTDISABLE flag.
ACCOUNTDISABLE = 0x2
_INVALID_CREDENTIALS = 49
#: Longer passwords are refused without asking the directory.
MAX_PASSWORD = 1024


class DirectoryUnavailable(Exception):
    """The directory did not answer in time, refused TLS, or is misconfigured."""


@dataclass
class DirectoryAccount:
    """What the directory says about a person."""

    dn: str
    username: str
    external_id: str
    display_name: str | None = None
    email: str | None = None
    groups: list[str] = field(default_factory=list)
    disabled: bool = False
    role: str | None = None


def _first(entry: dict[str, Any], name: str) -> Any:
    for key, value in entry.items():
        if key.lower() == name.lower():
            if isinstance(value, list):
                return value[0] if value else None
            return value
    return None


def _all(entry: dict[str, Any], name: str) -> list[Any]:
    for key, value in entry.items():
        if key.lower() == name.lower():
            return list(value) if isinstance(value, list) else [value]
    return []


class Directory:
    """One configured directory (``SHOPDB_LDAP_*``); each call opens its own connections."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Whole seconds: ldap3 packs the receive timeout into a socket option as integers.
        self.timeout = max(1, math.ceil(settings.ldap_timeout_seconds))

    # --- connections ---------------------------------------------------------
    def _servers(self) -> ServerPool | Server:
        s = self.settings
        tls = Tls(validate=ssl.CERT_REQUIRED if s.ldap_verify_certificates else ssl.CERT_NONE,
                  ca_certs_file=s.ldap_ca_file or None)
        servers = [Server(url, use_ssl=url.lower().startswith("ldaps://"), tls=tls,
                          connect_timeout=self.timeout, get_info=NONE)
                   for url in s.ldap_url.replace(",", " ").split()]
        if len(servers) == 1:
            return servers[0]
        # The next server when one does not answer (a second domain controller).
        return ServerPool(servers, FIRST, active=True, exhaust=False)

    def _connect(self, user: str | None, password: str | None, *,
                 person: bool = False) -> Connection | None:
        """A bound connection, or None when the directory refused the credentials. For a
        ``person``'s bind any refusal is theirs (locked, expired, must change password...):
        None, never "unavailable", so one odd account cannot make the directory look down
        for everyone."""
        s = self.settings
        try:
            conn = Connection(self._servers(), user=user, password=password, read_only=True,
                              receive_timeout=self.timeout, raise_exceptions=False,
                              auto_bind=False)
            conn.open()
            plain = not any(u.lower().startswith("ldaps://")
                            for u in s.ldap_url.replace(",", " ").split())
            if plain and s.ldap_start_tls and not conn.start_tls():
                raise DirectoryUnavailable(f"StartTLS refused: {conn.result}")
            if conn.bind():
                return conn
            result = conn.result or {}
            conn.unbind()
        except LDAPException as exc:
            raise DirectoryUnavailable(f"{type(exc).__name__}: {exc}") from exc
        except (OSError, ssl.SSLError) as exc:
            raise DirectoryUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if result.get("result") == _INVALID_CREDENTIALS or person:
            return None
        raise DirectoryUnavailable(f"bind refused: {result.get('description')} "
                                   f"{result.get('message', '')}".strip())

    def _service(self) -> Connection:
        conn = self._connect(self.settings.ldap_bind_dn, self.settings.ldap_bind_password)
        if conn is None:
            raise DirectoryUnavailable("the service account's bind was refused "
                                       "(SHOPDB_LDAP_BIND_DN / SHOPDB_LDAP_BIND_PASSWORD)")
        return conn

    def _search(self, conn: Connection, base: str, query: str, attributes: list[str],
                scope: Literal["BASE", "LEVEL", "SUBTREE"] = SUBTREE, limit: int = 0) -> list[dict[str, Any]]:
        try:
            conn.search(base, query, search_scope=scope, attributes=attributes,
                        size_limit=limit, time_limit=self.timeout)
        except LDAPException as exc:
            raise DirectoryUnavailable(f"search failed: {type(exc).__name__}: {exc}") from exc
        code = (conn.result or {}).get("result", 0)
        if code not in (0, 4, 32):  # success, size limit exceeded, no such object
            raise DirectoryUnavailable(f"search of {base} refused: "
                                       f"{(conn.result or {}).get('description')}")
        return [{"dn": r["dn"], **dict(r.get("attributes") or {})}
                for r in conn.response or [] if r.get("type") == "searchResEntry"]

    # --- people ----------------------------------------------------------------
    def _attributes(self) -> list[str]:
        return sorted({self.settings.ldap_username_attribute, "cn", "displayName", "mail",
                       "memberOf", "userAccountControl", "entryUUID", "objectGUID"})

    def _find(self, conn: Connection, username: str) -> dict[str, Any] | None:
        s = self.settings
        query = s.ldap_user_filter.replace("{username}", escape_filter_chars(username))
        found = self._search(conn, s.ldap_user_base, query, self._attributes(), limit=2)
        if len(found) != 1:  # nobody, or an ambiguous filter: never pick one at random
            return None
        return found[0]

    def _own_entry(self, conn: Connection, dn: str) -> dict[str, Any] | None:
        found = self._search(conn, dn, "(objectClass=*)", self._attributes(), scope=BASE)
        return found[0] if found else None

    def _template_dn(self, username: str) -> str:
        return self.settings.ldap_user_dn_template.replace("{username}", escape_rdn(username))

    def authenticate(self, username: str, password: str) -> DirectoryAccount | None:
        """The account of ``username`` if ``password`` is theirs, else None (unknown
        person or wrong password: the caller does not learn which)."""
        if not username.strip() or not password or len(password) > MAX_PASSWORD:
            # An empty password is an *unauthenticated* bind, which many servers accept.
            return None
        s = self.settings
        if s.ldap_bind_dn:
            service = self._service()
            try:
                entry = self._find(service, username)
                if entry is None:
                    return None
                own = self._connect(entry["dn"], password, person=True)
                if own is None:
                    return None
                own.unbind()
                return self._account(service, entry)
            finally:
                service.unbind()
        conn = self._connect(self._template_dn(username), password, person=True)
        if conn is None:
            return None
        try:
            found = self._find(conn, username) if s.ldap_user_base else None
            entry = found or self._own_entry(conn, self._who_am_i(conn))
            if entry is None:
                raise DirectoryUnavailable("bound, but cannot read the account's own entry")
            return self._account(conn, entry)
        finally:
            conn.unbind()

    def _who_am_i(self, conn: Connection) -> str:
        try:
            identity = conn.extend.standard.who_am_i() or ""
        except LDAPException as exc:
            raise DirectoryUnavailable(f"who am I failed: {exc}") from exc
        identity = str(identity)
        return identity[3:] if identity.startswith("dn:") else identity

    def lookup(self, username: str) -> DirectoryAccount | None:
        """The account of ``username`` as the service account sees it (no password): the
        periodic re-check and ``shopdb auth check``. None if the directory has no one."""
        if not self.settings.ldap_bind_dn:
            raise DirectoryUnavailable("looking people up needs a service account "
                                       "(SHOPDB_LDAP_BIND_DN)")
        service = self._service()
        try:
            entry = self._find(service, username)
            return None if entry is None else self._account(service, entry)
        finally:
            service.unbind()

    def _account(self, conn: Connection, entry: dict[str, Any]) -> DirectoryAccount:
        s = self.settings
        dn = str(entry["dn"])
        name = _first(entry, s.ldap_username_attribute)
        guid = _first(entry, "objectGUID") or _first(entry, "entryUUID")
        if isinstance(guid, bytes):  # AD's objectGUID without the schema to format it
            guid = guid.hex()
        account = DirectoryAccount(
            dn=dn, username=str(name or dn), external_id=str(guid or dn)[:255],
            display_name=_text(_first(entry, "displayName") or _first(entry, "cn")),
            email=_text(_first(entry, "mail")))
        control = _first(entry, "userAccountControl")
        try:
            account.disabled = bool(int(control or 0) & ACCOUNTDISABLE)
        except (TypeError, ValueError):
            account.disabled = False
        if not account.disabled and s.ldap_disabled_filter:
            account.disabled = bool(self._search(conn, dn, s.ldap_disabled_filter, ["1.1"],
                                                 scope=BASE))
        account.groups = self._groups(conn, dn, [str(g) for g in _all(entry, "memberOf")])
        account.role = role_for_groups(account.groups, s)
        return account

    def _groups(self, conn: Connection, dn: str, direct: list[str]) -> list[str]:
        s = self.settings
        base = s.ldap_group_base or s.ldap_user_base
        seen: dict[str, str] = {g.casefold(): g for g in direct}
        if s.ldap_group_filter and base:
            query = s.ldap_group_filter.replace("{user_dn}", escape_filter_chars(dn))
            for group in self._search(conn, base, query, ["1.1"]):
                seen.setdefault(str(group["dn"]).casefold(), str(group["dn"]))
        level = list(seen.values())
        for _ in range(MAX_DEPTH if s.ldap_nested_groups and s.ldap_group_filter and base else 0):
            found: list[str] = []
            for group_dn in level:
                query = s.ldap_group_filter.replace("{user_dn}", escape_filter_chars(group_dn))
                for parent in self._search(conn, base, query, ["1.1"]):
                    key = str(parent["dn"]).casefold()
                    if key not in seen and len(seen) < MAX_GROUPS:
                        seen[key] = str(parent["dn"])
                        found.append(str(parent["dn"]))
            if not found:
                break
            level = found
        return sorted(seen.values(), key=str.casefold)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
