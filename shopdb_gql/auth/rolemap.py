"""Directory groups to roles, shared by every external sign-in (LDAP, OpenID Connect).

Three settings list the groups of each role, comma-separated: ``SHOPDB_ADMIN_GROUPS``,
``SHOPDB_EDITOR_GROUPS``, ``SHOPDB_VIEWER_GROUPS``. An entry is a group's full DN
(``CN=Shop Admins,OU=Groups,DC=corp,DC=example``) or a plain name (``Shop Admins``);
names are compared case-insensitively, and a plain entry also matches a DN whose first
``CN=`` is that name (and a DN entry matches a plain group of the DN's CN). A person in
groups of several roles gets the highest; a person in no mapped group gets no role and
is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

#: Roles from highest to lowest: the first one a person's groups map to wins.
ROLES_BY_RANK: tuple[str, ...] = ("admin", "editor", "viewer")


class GroupSettings(Protocol):
    """The part of :class:`shopdb_gql.settings.Settings` the mapping reads."""

    @property
    def admin_groups(self) -> list[str]: ...
    @property
    def editor_groups(self) -> list[str]: ...
    @property
    def viewer_groups(self) -> list[str]: ...


def _names(group: str) -> set[str]:
    """The forms a group can be matched by: the whole value and, for a DN, its first CN."""
    value = " ".join(group.strip().split()).casefold()
    names = {value} if value else set()
    first = value.split(",", 1)[0].strip()
    if "=" in first:
        attr, _, cn = first.partition("=")
        if attr.strip() == "cn" and cn.strip():
            names.add(cn.strip())
    return names


def _canonical_dn(group: str) -> str:
    """A DN with the blanks around ``,`` and ``=`` removed, for DN-to-DN comparison."""
    parts = [p.strip() for p in group.casefold().split(",")]
    return ",".join("=".join(s.strip() for s in p.split("=", 1)) for p in parts)


def _matches(configured: str, held: set[str]) -> bool:
    conf = configured.strip()
    if not conf:
        return False
    conf_names = _names(conf) | {_canonical_dn(conf)}
    return bool(conf_names & held)


def role_for_groups(groups: Iterable[str], settings: GroupSettings) -> str | None:
    """The highest role any of ``groups`` maps to, or None (the person is refused)."""
    held: set[str] = set()
    for group in groups:
        if isinstance(group, str) and group.strip():
            held |= _names(group) | {_canonical_dn(group)}
    if not held:
        return None
    configured = {"admin": settings.admin_groups, "editor": settings.editor_groups,
                  "viewer": settings.viewer_groups}
    for role in ROLES_BY_RANK:
        if any(_matches(entry, held) for entry in configured[role]):
            return role
    return None


def mapping_configured(settings: GroupSettings) -> bool:
    """Whether any group is mapped at all (without, every external sign-in is refused)."""
    return bool(settings.admin_groups or settings.editor_groups or settings.viewer_groups)
