"""Settings: production validation lists every problem; .env.example is complete and exact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shopdb_gql.settings import ConfigurationError, Environment, Settings

ROOT = Path(__file__).resolve().parent.parent


def test_env_example_lists_exactly_the_settings() -> None:
    listed = set(re.findall(r"^SHOPDB_([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    expected = {name.upper() for name in Settings.model_fields}
    assert listed == expected, f"missing: {expected - listed}, unknown: {listed - expected}"


def test_production_refuses_with_every_problem_at_once() -> None:
    settings = Settings(_env_file=None, env=Environment.PRODUCTION, secret_key="short",  # type: ignore[call-arg]
                        cors_origins=["*"], cookie_secure=False)
    with pytest.raises(ConfigurationError) as info:
        settings.validate_for_production()
    text = str(info.value)
    for needle in ("SHOPDB_SECRET_KEY is weak", "'*'", "SHOPDB_COOKIE_SECURE", "SQLite"):
        assert needle in text
    assert len(info.value.problems) == 4


def test_safe_production_settings_pass() -> None:
    settings = Settings(_env_file=None, env=Environment.PRODUCTION,  # type: ignore[call-arg]
                        secret_key="q8Zr2vN0xLwT5yB1cD7eF3gH9jK4mP6sU0aVbXcYdZ",
                        cors_origins=["https://shopdb.example.com"], cookie_secure=True,
                        database_url="mysql+aiomysql://shopdb:pw@db:3306/shopdb")
    settings.validate_for_production()
    assert settings.production_problems() == []


def test_lists_parse_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPDB_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("SHOPDB_PLUGIN_PATHS", "/srv/p1:/srv/p2")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert [str(p) for p in settings.plugin_paths] == ["/srv/p1", "/srv/p2"]
