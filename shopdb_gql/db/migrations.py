"""Running Alembic programmatically: core branch ``core`` plus one branch per plugin.

Core migrations live in ``alembic/versions``; a plugin's in
``plugins/<name>/migrations/versions`` with the branch label ``<name>``.
``version_locations`` lists core and every discovered plugin that has a migrations folder.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from alembic import command

if TYPE_CHECKING:
    from sqlalchemy import Table
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
    # quiet: Alembic's own "Generating <file> ... done"; the commands say what they did.
    cfg = Config(cmd_opts=argparse.Namespace(quiet=True, x=None))
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


# --- Comparing the models with a migrated database (`shopdb db check`, `plugin migration`) ---

#: ``cfg.attributes`` key: extra ``context.configure`` options alembic/env.py passes on (the
#: table filter and the empty-revision guard of ``shopdb plugin migration``).
CONFIGURE_OPTIONS = "configure_options"
#: What both commands compare, beyond tables, columns, nullability, indexes, unique
#: constraints and foreign keys (always compared):
#: - types: Alembic compares a TypeDecorator's dialect type (UTCDateTime is DATETIME(fsp=6)
#:   on MariaDB, DATETIME on SQLite) and treats MySQL's TINYINT(1) as the models' Boolean;
#: - server defaults: SQLite and MariaDB reflect the plain ones the models declare ("0")
#:   as declared. SQL expressions (func.now()) are not judged reliably by Alembic: a model
#:   using one may need a migration-side `server_default` spelled as the database spells it.
#: Left out, because Alembic does not compare them: table options (MySQL's engine and
#: charset are the server's defaults; SQLite's AUTOINCREMENT is checked by _table_options),
#: and CHECK constraints. MySQL's indexes made for foreign keys, and unique
#: constraints reflected as unique indexes, are reconciled by Alembic's MySQL support.
COMPARE_OPTIONS: dict[str, Any] = {"compare_type": True, "compare_server_default": True}


def table_filter(checked: AbstractSet[str], ignored: AbstractSet[str]) -> dict[str, Any]:
    """``include_name``/``include_object`` for Alembic: compare the ``checked`` tables;
    leave out the ``ignored`` ones (another owner's) whether in the models or the database.
    A database table in neither set is compared, so it shows as having no model."""

    def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
        if type_ == "table":
            return name not in ignored
        return True

    def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                       compare_to: Any) -> bool:
        if type_ == "table":
            return name in checked if not reflected else name not in ignored
        table = getattr(obj, "table", None)
        return table is None or table.name not in ignored

    return {"include_name": include_name, "include_object": include_object}


def compare_database(database_url: str, checked: set[str],
                     ignored: AbstractSet[str] = frozenset()) -> list[str]:
    """Each difference between the models' ``checked`` tables and the database, in words."""
    from alembic.autogenerate import compare_metadata

    from shopdb_gql.db.base import metadata
    from shopdb_gql.db.engine import Database

    def compare(connection: Connection) -> list[str]:
        context = MigrationContext.configure(
            connection, opts={**COMPARE_OPTIONS, **table_filter(checked, ignored)})
        found: list[str] = []
        for diff in compare_metadata(context, metadata):
            # A column's modify_* items come as one list: one line each.
            found += [describe_difference(d) for d in (diff if isinstance(diff, list) else [diff])]
        return found + _table_options(connection, [metadata.tables[n] for n in sorted(checked)
                                                   if n in metadata.tables])

    async def run() -> list[str]:
        db = Database(database_url)
        try:
            async with db.engine.connect() as conn:
                return await conn.run_sync(compare)
        finally:
            await db.dispose()

    return asyncio.run(run())


def _table_options(connection: Connection, tables: list[Table]) -> list[str]:
    """What compare_metadata does not look at: table options. Only ``sqlite_autoincrement``
    matters here (0006core); MySQL's engine and charset options are the server's defaults."""
    if connection.dialect.name != "sqlite":
        return []
    found: list[str] = []
    for table in tables:
        if table.dialect_options["sqlite"].get("autoincrement"):
            sql = connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                (table.name,)).scalar()
            if sql is not None and "AUTOINCREMENT" not in sql.upper():
                found.append(f"table {table.name}: the model asks for AUTOINCREMENT "
                             "(sqlite_autoincrement), the SQLite table has none")
    return found


def _columns(obj: Any) -> str:
    return ", ".join(c.name for c in getattr(obj, "columns", ()))


def _shown(value: Any) -> str:
    """A type, a server default (its text) or a flag, as the database would spell it."""
    value = getattr(value, "arg", value)
    return "none" if value is None else str(getattr(value, "text", value))


def describe_difference(diff: Any) -> str:
    """One Alembic difference (``compare_metadata`` item) as a sentence."""
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        where = "in the models, missing from the database" if kind == "add_table" else \
            "in the database, no model has it"
        return f"table {diff[1].name}: {where}"
    if kind in ("add_column", "remove_column"):
        column = diff[3]
        where = ("in the model, missing from the database (type "
                 f"{column.type}, {'nullable' if column.nullable else 'not null'})"
                 if kind == "add_column" else "in the database, not in the model")
        return f"column {diff[2]}.{column.name}: {where}"
    if kind in ("add_index", "remove_index", "add_constraint", "remove_constraint"):
        obj = diff[1]
        what = "index" if "index" in kind else "unique constraint"
        where = "in the models, missing from the database" if kind.startswith("add") else \
            "in the database, not in the models"
        return f"{what} {obj.name} on {obj.table.name}({_columns(obj)}): {where}"
    if kind in ("add_fk", "remove_fk"):
        fk = diff[1]
        target = f"{fk.referred_table.name}({', '.join(e.column.name for e in fk.elements)})" \
            if kind == "add_fk" else fk.elements[0].target_fullname if fk.elements else "?"
        where = "in the models, missing from the database" if kind == "add_fk" else \
            "in the database, not in the models"
        return f"foreign key {fk.name} on {fk.parent.name}({_columns(fk)}) -> {target}: {where}"
    if kind.startswith("modify_"):
        _, _, table, column, _, db_value, model_value = diff
        what = {"modify_type": "type", "modify_nullable": "nullable",
                "modify_default": "server default", "modify_comment": "comment"}.get(kind, kind)
        return (f"column {table}.{column}: {what} is {_shown(db_value)} in the database, "
                f"{_shown(model_value)} in the model")
    return f"{kind}: {diff[1:]}"


@contextmanager
def temporary_sqlite() -> Iterator[str]:
    """The URL of a new, empty SQLite database in a temporary folder (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="shopdb-") as folder:
        yield f"sqlite+aiosqlite:///{Path(folder) / 'shopdb.sqlite3'}"


def table_names(database_url: str) -> set[str]:
    from sqlalchemy import inspect

    from shopdb_gql.db.engine import Database

    async def run() -> set[str]:
        db = Database(database_url)
        try:
            async with db.engine.connect() as conn:
                return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
        finally:
            await db.dispose()

    return asyncio.run(run())


def next_revision(script: ScriptDirectory, branch: str) -> tuple[str, str]:
    """Revision id and file-name prefix of the next revision on ``branch``, following the
    layout of the scaffold and the bundled plugins: ``0002<branch>`` in ``0002_<slug>.py``."""
    head = script.get_revision(f"{branch}@head") if has_branch(script, branch) else None
    match = re.match(r"^(\d+)", head.revision) if head else None
    if match:
        number = int(match.group(1)) + 1
    else:  # a new branch, or revisions named otherwise: count the branch's
        number = 1 + sum(1 for rev in script.walk_revisions() if branch in rev.branch_labels)
    rev_id = f"{number:04d}{branch}"
    try:
        taken = script.get_revision(rev_id) is not None
    except Exception:
        taken = False
    if taken:
        rev_id = f"{number:04d}{branch}{uuid.uuid4().hex[:6]}"
    return rev_id, f"{number:04d}"


def autogenerate_revision(cfg: Config, branch: str, message: str, version_path: Path,
                          tables: set[str]) -> Path | None:
    """Write the next revision of ``branch`` from the models of ``tables`` (the database of
    ``cfg`` must be at every head ``cfg`` knows); None, writing nothing, when there is no change."""
    script = ScriptDirectory.from_config(cfg)
    rev_id, prefix = next_revision(script, branch)
    cfg.set_main_option("file_template", f"{prefix}_%%(slug)s")

    def skip_empty(context: Any, revision: Any, directives: list[Any]) -> None:
        if directives and directives[0].upgrade_ops.is_empty():
            directives[:] = []

    cfg.attributes[CONFIGURE_OPTIONS] = {
        **COMPARE_OPTIONS, **table_filter(tables, set()),
        # Only the plugin's own tables: a reflected table that is not one of them is left
        # alone (it is core's or another plugin's), whatever the models say about it.
        "include_name": lambda name, type_, parents: type_ != "table" or name in tables,
        # Batch operations work on SQLite and are plain ALTER TABLEs on MariaDB/MySQL.
        "render_as_batch": True,
        "process_revision_directives": skip_empty,
    }
    if has_branch(script, branch):
        where: dict[str, Any] = {"head": f"{branch}@head"}
    else:  # the plugin's first migration starts its branch, after core's tables exist
        core_head = script.get_revision(f"{CORE_BRANCH}@head")
        where = {"head": "base", "branch_label": branch,
                 "depends_on": core_head.revision if core_head else None}
    version_path.mkdir(parents=True, exist_ok=True)
    written = command.revision(cfg, message, autogenerate=True, version_path=str(version_path),
                               rev_id=rev_id, **where)
    scripts = [s for s in (written if isinstance(written, list) else [written]) if s is not None]
    return Path(scripts[0].path) if scripts else None
