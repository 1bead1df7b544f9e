"""Installing plugins: run their Alembic branches, record them installed, call on_install.

One implementation for `shopdb plugin install`, `make run` and the test sites.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.auth.actor import SYSTEM
from shopdb_gql.core import audit
from shopdb_gql.core.models import PluginState
from shopdb_gql.core.pluginstate import installed_plugin_names as installed_plugin_names
from shopdb_gql.db import migrations
from shopdb_gql.plugins.errors import PluginContractError
from shopdb_gql.plugins.loader import PluginRecord
from shopdb_gql.plugins.spec import PluginContext
from shopdb_gql.settings import Settings


def migrate_plugins(settings: Settings, names: Iterable[str]) -> None:
    """Upgrade each named plugin's Alembic branch (plugins without migrations are skipped)."""
    cfg = migrations.alembic_config(settings.database_url, migrations.plugin_dirs(settings))
    script = migrations.ScriptDirectory.from_config(cfg)
    for name in names:
        if migrations.has_branch(script, name):
            migrations.upgrade(cfg, f"{name}@head")


async def mark_installed(session: AsyncSession, record: PluginRecord, *, enable: bool,
                         source: str = "cli") -> bool:
    """Record ``record`` as installed (and enabled, if asked) and run its ``on_install``
    the first time, with an audit entry. Returns whether it was newly installed."""
    if record.plugin is None or record.manifest is None:
        raise PluginContractError(record.name,
                                  f"cannot be installed, it failed to load: {record.error}")
    state = await session.get(PluginState, record.name)
    fresh = state is None or not state.installed
    if state is None:
        state = PluginState(name=record.name, enabled=False)
        session.add(state)
    state.installed, state.version = True, record.manifest.version
    if enable:
        state.enabled = True
    if fresh:
        await record.plugin.on_install(PluginContext(session, record.name))
        await audit.record(session, SYSTEM, action="install", object_type="plugin",
                           object_id=record.name, source=source, summary=record.name)
    await session.flush()
    return fresh
