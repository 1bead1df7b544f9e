"""Who is calling: a user, an API token, or nobody; and what they may do.

Roles map onto scopes: viewer -> read; editor -> read, write; admin -> everything.
API tokens carry scopes directly: ``read``, ``write``, ``admin``, ``ingest:<plugin>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    VIEWER = "viewer"


ROLE_SCOPES: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset({"read"}),
    Role.EDITOR: frozenset({"read", "write"}),
    Role.ADMIN: frozenset({"read", "write", "admin"}),
}
BASE_SCOPES = ("read", "write", "admin")


def scope_problem(scope: str) -> str | None:
    """Why ``scope`` is not a valid token scope, or None."""
    if scope in BASE_SCOPES:
        return None
    if scope.startswith("ingest:") and scope[len("ingest:") :].isidentifier():
        return None
    return f"Unknown scope {scope!r}: use read, write, admin or ingest:<plugin>"


@dataclass(frozen=True)
class Actor:
    """The authenticated caller of one request."""

    kind: str  # "user" | "token" | "anonymous" | "system"
    id: int | None = None
    name: str = "anonymous"
    role: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    #: A user's ``authversion`` when the access token was issued.
    version: int = 0

    @property
    def authenticated(self) -> bool:
        return self.kind != "anonymous"

    @property
    def is_admin(self) -> bool:
        return "admin" in self.scopes

    def has(self, scope: str) -> bool:
        """Admins may do everything; ``write`` implies ``read``."""
        if self.is_admin:
            return True
        if scope == "read" and "write" in self.scopes:
            return True
        return scope in self.scopes

    @classmethod
    def for_user(cls, user_id: int, username: str, role: str, version: int = 0) -> Actor:
        return cls("user", user_id, username, role, ROLE_SCOPES.get(role, frozenset()), version)

    @classmethod
    def for_token(cls, token_id: int, name: str, scopes: list[str]) -> Actor:
        granted = set(scopes)
        if "write" in granted:
            granted.add("read")
        return cls("token", token_id, f"token:{name}", None, frozenset(granted))


ANONYMOUS = Actor("anonymous")
SYSTEM = Actor("system", None, "system", Role.ADMIN, ROLE_SCOPES[Role.ADMIN])
