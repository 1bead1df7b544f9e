"""The directory group -> role mapping shared by LDAP and OpenID Connect sign-in."""

from __future__ import annotations

from shopdb_gql.auth.rolemap import role_for_groups
from shopdb_gql.settings import Settings, split_groups


def _settings(**groups: str) -> Settings:
    return Settings(_env_file=None, **{f"{k}_groups": v for k, v in groups.items()})  # type: ignore[arg-type,call-arg]


def test_highest_role_wins() -> None:
    s = _settings(admin="Shop Admins", editor="Shop Editors", viewer="Everyone")
    assert role_for_groups(["Everyone", "Shop Editors"], s) == "editor"
    assert role_for_groups(["shop admins", "Everyone"], s) == "admin"
    assert role_for_groups(["Everyone"], s) == "viewer"


def test_no_mapped_group_is_refused() -> None:
    s = _settings(admin="Shop Admins")
    assert role_for_groups(["Visitors"], s) is None
    assert role_for_groups([], s) is None
    assert role_for_groups(["Shop Admins"], _settings()) is None


def test_dn_and_cn_match_either_way() -> None:
    s = _settings(admin="CN=Shop Admins,OU=Groups,DC=corp,DC=example", editor="shop editors")
    assert role_for_groups(["cn=shop admins, ou=groups, dc=corp, dc=example"], s) == "admin"
    assert role_for_groups(["Shop Admins"], s) == "admin"
    assert role_for_groups(["CN=Shop Editors,OU=Groups,DC=corp,DC=example"], s) == "editor"
    assert role_for_groups(["CN=Other,OU=Shop Admins,DC=corp"], s) is None


def test_group_lists_keep_dns_whole() -> None:
    assert split_groups("CN=A,OU=G,DC=corp, Leads") == ["CN=A,OU=G,DC=corp", "Leads"]
    assert split_groups("CN=A,OU=G,DC=x,CN=B,DC=x") == ["CN=A,OU=G,DC=x", "CN=B,DC=x"]
    assert split_groups("CN=A,CN=Users,DC=x; Leads") == ["CN=A,CN=Users,DC=x", "Leads"]
    assert split_groups(" , ") == []
    s = Settings(_env_file=None, editor_groups="CN=A,CN=Users,DC=x;B")  # type: ignore[call-arg,arg-type]
    assert s.editor_groups == ["CN=A,CN=Users,DC=x", "B"]
