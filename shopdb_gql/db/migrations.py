"""Running Alembic programmatically: core branch ``core`` plus one branch per plugin.

Core migrations live in ``alembic/versions``; a plugin's in
``plugins/<name>/migrations/versions`` with the branch label ``<name>``.
``version_locations`` lists core and every discovered plugin that has a migrations folder.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from alembic import command

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from shopdb_gql.db.engine import Database
    from shopdb_gql.settings import Settings

ROOT = Path(__file__).resolve().parent.parent.parent
CORE_BRANCH = "core"


def plugin_migration_dirs(plugin_dirs: Iterable[Path]) -> list[Path]:
    """Each plugin's revision folder: ``migrations/versions``, else ``migrations`` itself."""
    found: list[Path] = []
    for d in plugin_dirs:
        for candidate in (d / "migrations" / "versions", d / "migrations"):
            if candidate.is_dir():
                found.append(candidate)
                break
    return found


def alembic_config(database_url: str, plugin_dirs: Iterable[Path] = ()) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    locations = [str(ROOT / "alembic" / "versions"),
                 *(str(d) for d in plugin_migration_dirs(plugin_dirs))]
    cfg.set_main_option("version_locations", " ".join(locations))
    cfg.set_main_option("path_separator", "space")
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade(cfg: Config, target: str = f"{CORE_BRANCH}@head") -> None:
    command.upgrade(cfg, target)


def downgrade(cfg: Config, target: str) -> None:
    command.downgrade(cfg, target)


def branch_heads(cfg: Config, branches: Iterable[str]) -> set[str]:
    """Script head revisions of the named branches."""
    script = ScriptDirectory.from_config(cfg)
    heads: set[str] = set()
    for branch in branches:
        heads.update(rev.revision for rev in script.get_revisions(f"{branch}@head") if rev)
    return heads


def _current(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def current_heads_sync(database_url: str) -> set[str]:
    from shopdb_gql.db.engine import Database

    async def run() -> set[str]:
        db = Database(database_url)
        try:
            async with db.engine.connect() as conn:
                return await conn.run_sync(_current)
        finally:
            await db.dispose()

    return asyncio.run(run())


async def installed_plugins(db: Database) -> set[str]:
    from shopdb_gql.core.pluginstate import installed_plugin_names

    async with db.session() as session:
        return await installed_plugin_names(session)


async def pending_heads(db: Database, settings: Settings) -> set[str]:
    """Branch heads (core + installed plugins) not yet applied to the database."""
    async with db.engine.connect() as conn:
        current = await conn.run_sync(_current)
    if not current:
        return {CORE_BRANCH}
    cfg = alembic_config(db.url, plugin_dirs(settings))
    script = ScriptDirectory.from_config(cfg)
    installed = await installed_plugins(db)
    branches = [CORE_BRANCH, *(b for b in installed if has_branch(script, b))]
    expected = branch_heads(cfg, branches)
    applied: set[str] = set()
    for head in current:
        applied.update(rev.revision for rev in script.iterate_revisions(head, "base"))
    return {rev for rev in expected if rev not in applied}


def has_branch(script: ScriptDirectory, branch: str) -> bool:
    try:
        return bool(script.get_revisions(f"{branch}@head"))
    except Exception:
        return False


def plugin_dirs(settings: Settings) -> list[Path]:
    dirs: list[Path] = []
    for base in (settings.bundled_plugins_dir, *settings.plugin_paths):
        if base.is_dir():
            dirs += [d for d in sorted(base.iterdir()) if (d / "manifest.json").exists()]
    return dirs
