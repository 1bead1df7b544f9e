"""compose.yml: valid against the Compose Specification and fit for a site's production stack.

No Docker engine runs here, so the file is checked the way `docker compose config` would:
schema validation before and after variable interpolation (implemented below, following
the specification's interpolation rules), then the properties the runbook relies on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from shopdb_gql.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO_ROOT / "compose.yml"
SCHEMA_FILE = REPO_ROOT / "tests" / "data" / "compose-spec.json"
DEPLOY_DOC = REPO_ROOT / "docs" / "DEPLOY.md"

REQUIRED_SECRETS = ("MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD", "SHOPDB_SECRET_KEY")
OPTIONAL_SECRETS = ("SHOPDB_METRICS_TOKEN", "SHOPDB_LDAP_BIND_PASSWORD", "SHOPDB_OIDC_CLIENT_SECRET")
SITE_ENV = {
    "MYSQL_PASSWORD": "Zq3xV8pL0aW5nR2tY7uK",
    "MYSQL_ROOT_PASSWORD": "Hd9fS1gJ4kL6mN8bV0cX",
    "SHOPDB_SECRET_KEY": "t8Hk2Lx9Qm4Rv7Wn1Pz5Ys3Bc6Df0Gj8Ka2Me4Nu6",
}

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, ${NAME:+alt},
# ${NAME+alt}, $NAME, and $$ for a literal dollar sign.
_REFERENCE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[^}]*)\}|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)
_BRACED = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>.*))?", re.S)


class InterpolationError(Exception):
    """Required variables are missing; the message lists each with its error text."""


def interpolate_text(text: str, env: Mapping[str, str], errors: list[str]) -> str:
    """``text`` with its variable references replaced, as Compose does."""

    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        if match["named"]:
            return env.get(match["named"], "")
        braced = _BRACED.fullmatch(match["braced"])
        assert braced, f"unsupported interpolation {match[0]!r} in compose.yml"
        name, op, arg = braced["name"], braced["op"], braced["arg"] or ""
        value = env.get(name)
        missing = value is None or (value == "" and op is not None and op.startswith(":"))
        if op in (":-", "-"):
            return arg if missing else str(value)
        if op in (":?", "?"):
            if missing:
                errors.append(f"{name}: {arg}")
                return ""
            return str(value)
        if op in (":+", "+"):
            return "" if missing else arg
        return value or ""

    return _REFERENCE.sub(replace, text)


def interpolate(node: Any, env: Mapping[str, str]) -> Any:
    """A copy of the parsed compose file with every string interpolated from ``env``."""
    errors: list[str] = []

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return interpolate_text(item, env, errors)
        if isinstance(item, dict):
            return {key: walk(value) for key, value in item.items()}
        if isinstance(item, list):
            return [walk(value) for value in item]
        return item

    result = walk(node)
    if errors:
        raise InterpolationError("; ".join(sorted(set(errors))))
    return result


def references(text: str) -> list[tuple[str, str | None, str]]:
    """Every ``${...}`` reference in ``text`` as (name, operator, argument)."""
    found = []
    for match in _REFERENCE.finditer(text):
        if match["braced"] is not None:
            braced = _BRACED.fullmatch(match["braced"])
            assert braced, match[0]
            found.append((braced["name"], braced["op"], braced["arg"] or ""))
        elif match["named"]:
            found.append((match["named"], None, ""))
    return found


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def compose(raw: dict[str, Any]) -> dict[str, Any]:
    """compose.yml as a site with only the required secrets in its .env would see it."""
    result = interpolate(raw, SITE_ENV)
    assert isinstance(result, dict)
    return result


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def schema_errors(validator: jsonschema.Draft7Validator, document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def test_interpolation_follows_the_specification() -> None:
    errors: list[str] = []
    env = {"SET": "x", "EMPTY": ""}
    cases = {
        "$$HOME": "$HOME",
        "${SET}-$SET": "x-x",
        "${UNSET:-d}|${EMPTY:-d}|${EMPTY-d}": "d|d|",
        "${SET:+alt}|${UNSET:+alt}": "alt|",
        "${UNSET}": "",
    }
    for text, expected in cases.items():
        assert interpolate_text(text, env, errors) == expected, text
    assert errors == []
    interpolate_text("${EMPTY:?fill it}${EMPTY?fine}${UNSET?gone}", env, errors)
    assert errors == ["EMPTY: fill it", "UNSET: gone"]


def test_valid_against_compose_spec(
    raw: dict[str, Any], compose: dict[str, Any], validator: jsonschema.Draft7Validator
) -> None:
    assert schema_errors(validator, raw) == []
    assert schema_errors(validator, compose) == []


def test_schema_catches_mistakes(
    compose: dict[str, Any], validator: jsonschema.Draft7Validator
) -> None:
    """Guards against a vacuous schema: typical slips must be reported."""
    broken = json.loads(json.dumps(compose))
    broken["services"]["api"]["depends_on"]["db"]["condition"] = "healthy"
    broken["services"]["db"]["helthcheck"] = broken["services"]["db"].pop("healthcheck")
    assert len(schema_errors(validator, broken)) >= 2


def test_missing_secrets_fail_loud(raw: dict[str, Any]) -> None:
    with pytest.raises(InterpolationError) as missing:
        interpolate(raw, {})
    for name in REQUIRED_SECRETS:
        assert f"{name}: set {name} in .env" in str(missing.value)
    with pytest.raises(InterpolationError, match="SHOPDB_SECRET_KEY"):
        interpolate(raw, {**SITE_ENV, "SHOPDB_SECRET_KEY": ""})


def test_secrets_only_come_from_the_environment() -> None:
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    secret_like = re.compile(r"PASSWORD|SECRET|TOKEN|_KEY$")
    refs = [ref for ref in references(text) if secret_like.search(ref[0])]
    assert {name for name, _, _ in refs} >= set(REQUIRED_SECRETS)
    for name, op, message in refs:
        if name in OPTIONAL_SECRETS:  # may be left out entirely, never given a value here
            assert op == ":-" and message == "", f"${{{name}}} must be ${{{name}:-}}"
            continue
        assert op == ":?" and message.strip(), f"${{{name}}} must be ${{{name}:?message}}"
    literal = re.compile(r"^\s*[A-Z_]*(PASSWORD|SECRET)[A-Z_]*:\s*(?![\s$]|$)", re.M)
    assert not literal.findall(text), "a secret is written into compose.yml"


def test_database_is_mysql8_with_named_volume_and_healthcheck(compose: dict[str, Any]) -> None:
    db = compose["services"]["db"]
    assert re.fullmatch(r"mysql:8(\.\d+)*", db["image"])
    data = next(v for v in db["volumes"] if v.endswith(":/var/lib/mysql"))
    volume = data.partition(":")[0]
    assert volume in compose["volumes"], "the data volume must be a named volume"
    check = db["healthcheck"]
    assert not check.get("disable")
    assert check["test"][0] in ("CMD", "CMD-SHELL")
    assert "$MYSQL_PASSWORD" in " ".join(check["test"])  # $$ escaped: the container's env


def test_api_waits_for_a_healthy_database(compose: dict[str, Any]) -> None:
    depends = compose["services"]["api"]["depends_on"]
    assert depends["db"]["condition"] == "service_healthy"


def test_services_restart(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        assert service.get("restart") in ("always", "unless-stopped"), name


def test_port_is_bound_to_localhost_by_default(compose: dict[str, Any]) -> None:
    assert compose["services"]["api"]["ports"] == ["127.0.0.1:8000:8000"]
    assert "ports" not in compose["services"]["db"], "MySQL must not be published"


def test_port_can_be_published_elsewhere(raw: dict[str, Any]) -> None:
    env = {**SITE_ENV, "SHOPDB_BIND_ADDRESS": "10.1.2.3", "SHOPDB_HTTP_PORT": "9000"}
    assert interpolate(raw, env)["services"]["api"]["ports"] == ["10.1.2.3:9000:8000"]


def test_api_environment_is_a_valid_production_configuration(
    compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    environment = compose["services"]["api"]["environment"]
    unknown = [
        key for key in environment
        if key.startswith("SHOPDB_") and key[len("SHOPDB_"):].lower() not in Settings.model_fields
    ]
    assert unknown == [], "not settings of shopdb_gql.settings.Settings"
    for key, value in environment.items():
        monkeypatch.setenv(key, str(value))
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.is_production
    assert settings.production_problems() == []
    assert settings.database_url == (
        f"mysql+aiomysql://shopdb:{SITE_ENV['MYSQL_PASSWORD']}@db:3306/shopdb"
    )


def test_api_is_built_from_this_repository(compose: dict[str, Any]) -> None:
    build = compose["services"]["api"]["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    assert (REPO_ROOT / context / dockerfile).is_file()


def test_every_variable_is_documented() -> None:
    doc = DEPLOY_DOC.read_text(encoding="utf-8")
    names = {name for name, _, _ in references(COMPOSE_FILE.read_text(encoding="utf-8"))}
    assert sorted(name for name in names if name not in doc) == []


def test_compose_trusts_no_forwarded_header_by_default() -> None:
    """FORWARDED_ALLOW_IPS=* let any client forge its address (hardening #5)."""
    raw = COMPOSE_FILE.read_text()
    assert "FORWARDED_ALLOW_IPS" not in raw
    api = interpolate(yaml.safe_load(raw), SITE_ENV)["services"]["api"]
    assert api["environment"]["SHOPDB_TRUSTED_PROXIES"] in ("", None)
    deploy = DEPLOY_DOC.read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for" not in deploy
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in deploy


def test_sign_in_and_webhook_settings_reach_the_api(raw: dict[str, Any],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Every directory, single sign-on and webhook setting in .env gets into the container
    (compose passes only what it names), and one left out keeps its default."""
    names = [k for k in Settings.model_fields
             if k.startswith(("ldap_", "oidc_", "webhook_")) or k.endswith("_groups")]
    environment = interpolate(raw, {**SITE_ENV, "SHOPDB_LDAP_URL": "ldaps://dc1.corp.example",
                                    "SHOPDB_LDAP_BIND_DN": "CN=svc", "SHOPDB_LDAP_USER_BASE": "DC=corp",
                                    "SHOPDB_ADMIN_GROUPS": "Shop Admins"})["services"]["api"]["environment"]
    assert sorted(f"SHOPDB_{n.upper()}" for n in names if f"SHOPDB_{n.upper()}" not in environment) == []
    for key, value in environment.items():
        monkeypatch.setenv(key, str(value if value is not None else ""))
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.ldap_enabled and settings.admin_groups == ["Shop Admins"]
    assert settings.ldap_user_filter == "(uid={username})" and settings.ldap_start_tls
    assert settings.ldap_timeout_seconds == 5.0 and settings.webhook_max_attempts == 6
    assert settings.production_problems() == []
