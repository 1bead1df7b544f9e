"""The real server with demo data, for the browser end-to-end tests (``make e2e``).

Creates a temporary SQLite database, migrates it, seeds reference and demo data, creates
the users admin / editor / viewer (passwords in ``tests.harness.PASSWORDS``), installs and
enables every bundled plugin in ``plugins/`` (with its demo data), then serves the app with
the built frontend on a free port. The first line printed is ``E2E_BASE_URL=<url>``; the
server runs until stopped (SIGINT/SIGTERM) and the database goes with it.

    .venv/bin/python -m tests.e2e_server [--port N] [--skip-broken]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import uvicorn

from shopdb_gql.app import create_app
from shopdb_gql.core.editing import default_status_id
from shopdb_gql.core.models import Asset, User
from shopdb_gql.core.seed import seed_demo, seed_reference_data
from shopdb_gql.db import migrations
from shopdb_gql.db.engine import Database
from shopdb_gql.plugins.install import mark_installed, migrate_plugins
from shopdb_gql.plugins.loader import PluginRecord, load_plugins
from shopdb_gql.plugins.scaffold import create_plugin
from shopdb_gql.runtime import Runtime
from shopdb_gql.settings import Environment, Settings, split_groups
from tests import ldap_rig
from tests.harness import PASSWORDS, ROOT, cheap_password_hash, free_port
from tests.oidc_rig import CLIENT_ID, CLIENT_SECRET, GROUP_SETTINGS, ProviderUnavailable, run_provider

SCAFFOLDED = "gadgets"
"""A plugin `shopdb plugin new` writes into the site's plugin folder at start (its UI card,
download route and events are what frontend/e2e/plugin-ui.spec.ts clicks through)."""


def e2e_settings(database_url: str, frontend_dist: Path, site_plugins: Path | None = None) -> Settings:
    return Settings(_env_file=None, env=Environment.TEST, database_url=database_url,  # type: ignore[call-arg]
                    bundled_plugins_dir=ROOT / "plugins",
                    plugin_paths=[site_plugins] if site_plugins else [],
                    frontend_dist=frontend_dist, schema_poll_seconds=0.5, log_level="WARNING",
                    # the webhook spec aims at a closed port on this machine
                    webhook_allow_loopback=True)


def prepare(settings: Settings, records: dict[str, PluginRecord]) -> list[str]:
    """Migrate core and each loaded plugin, seed everything, create users; returns plugin names."""
    plugins = [r for r in records.values() if r.loaded]
    migrations.upgrade(migrations.alembic_config(settings.database_url,
                                                 [r.path for r in plugins]))
    migrate_plugins(settings, [r.name for r in plugins])

    async def seed() -> None:
        db = Database(settings.database_url)
        try:
            async with db.transaction() as session:
                await seed_reference_data(session)
                await seed_demo(session)
                for role, password in PASSWORDS.items():
                    session.add(User(username=role, role=role, passwordhash=cheap_password_hash(password)))
                for record in plugins:
                    await mark_installed(session, record, enable=True, source="seed")
                for record in plugins:
                    assert record.plugin is not None
                    await record.plugin.seed_demo(session)
                await seed_scaffolded(session, records.get(SCAFFOLDED))
        finally:
            await db.dispose()

    asyncio.run(seed())
    return [r.name for r in plugins]


async def seed_scaffolded(session: Any, record: PluginRecord | None) -> None:
    """One asset of the scaffolded kind, so every kind on the e2e site has one to open."""
    if record is None or not record.loaded:
        return
    kind = record.contributions.asset_kinds[0]
    asset = Asset(assettag="GAD-DEMO-1", name="Demo gadget", kind=kind.kind,
                  statusid=await default_status_id(session), serialnumber="GD-0001")
    session.add(asset)
    await session.flush()
    session.add(kind.model(id=asset.id, manufacturer="Acme", modelname="G-0"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--frontend-dist", type=Path, default=ROOT / "frontend" / "dist")
    parser.add_argument("--skip-broken", action="store_true",
                        help="leave out plugins that fail to load instead of stopping")
    args = parser.parse_args(argv)
    if not (args.frontend_dist / "index.html").is_file():
        print(f"no built frontend in {args.frontend_dist}: run `npm run build` in frontend/",
              file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="shopdb-e2e-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'e2e.sqlite3'}"
        site_plugins = Path(tmp) / "siteplugins"
        site_plugins.mkdir()
        create_plugin(SCAFFOLDED, site_plugins)
        settings = e2e_settings(url, args.frontend_dist, site_plugins)
        records = load_plugins([settings.bundled_plugins_dir, site_plugins],
                               strict=not args.skip_broken)
        installed = prepare(settings, records)
        for record in records.values():
            if not record.loaded:
                print(f"# plugin {record.name} left out: {record.error}", file=sys.stderr)
        port = args.port or free_port()
        base = f"http://{args.host}:{port}"
        with ExitStack() as stack:
            settings = with_single_sign_on(settings, base, Path(tmp), stack)
            settings = with_directory(settings, Path(tmp), stack)
            app = create_app(settings, Runtime(settings, records=records))
            print(f"E2E_BASE_URL={base}", flush=True)
            print(f"# plugins installed: {', '.join(installed) or 'none'}; users: "
                  + ", ".join(f"{u}/{p}" for u, p in PASSWORDS.items()), flush=True)
            uvicorn.run(app, host=args.host, port=port, log_level="warning", lifespan="on")
    return 0


def with_single_sign_on(settings: Settings, base: str, tmp: Path, stack: ExitStack) -> Settings:
    """``settings`` signing in through the test OpenID Connect provider (tests/oidc), started
    here; if it cannot run, the server runs without it and says so on stderr (the SSO
    browser test then fails with that reason rather than passing)."""
    try:
        issuer = stack.enter_context(run_provider([f"{base}/auth/oidc/callback"],
                                                  [f"{base}/login"], tmp / "oidc.log"))
    except ProviderUnavailable as exc:
        print(f"# OpenID Connect provider NOT AVAILABLE: {exc}", file=sys.stderr, flush=True)
        return settings
    print(f"# OpenID Connect provider: {issuer}", flush=True)
    return settings.model_copy(update={
        "oidc_issuer": issuer, "oidc_client_id": CLIENT_ID, "oidc_client_secret": CLIENT_SECRET,
        "oidc_scopes": "openid profile email groups",
        "oidc_button_label": "Sign in with Test IdP",
        **{key: split_groups(value) for key, value in GROUP_SETTINGS.items()}})


def with_directory(settings: Settings, tmp: Path, stack: ExitStack) -> Settings:
    """``settings`` signing directory people in through a test OpenLDAP (tests/ldap_rig.py)
    started here, their groups mapped beside the single sign-on ones; without slapd the
    server runs without it and says so (the directory browser test then fails saying why)."""
    if ldap_rig.slapd() is None:
        print("# LDAP directory NOT AVAILABLE: Debian's slapd is not installed", file=sys.stderr,
              flush=True)
        return settings
    rig = stack.enter_context(ldap_rig.running(tmp / "slapd"))
    print(f"# LDAP directory: {rig.ldap_url} (alice, bob, carol, dave, erin)", flush=True)
    ldap = rig.settings(ldap_sync_seconds=60)
    for role in ("admin_groups", "editor_groups", "viewer_groups"):
        ldap[role] = [*getattr(settings, role), *ldap_rig.ROLE_GROUPS[role]]
    return settings.model_copy(update=ldap)


if __name__ == "__main__":
    sys.exit(main())
