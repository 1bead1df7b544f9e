"""The real ``shopdb`` command in subprocesses, against a temporary SQLite database."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from shopdb_gql.core.seed import STATUSES

pytestmark = pytest.mark.sqlite_only

SHOPDB = Path(sys.executable).parent / "shopdb"


@dataclass
class Shell:
    """Runs ``shopdb`` with a private database and working directory."""

    cwd: Path
    env: dict[str, str]

    def __call__(self, *args: str, stdin: str = "", ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([str(SHOPDB), *args], input=stdin, capture_output=True, text=True,
                              cwd=self.cwd, env=self.env, timeout=120, check=False)
        if ok:
            assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    """The failure's stderr, checked to be one readable line without a traceback."""
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


@pytest.fixture(scope="module")
def shopdb(tmp_path_factory: pytest.TempPathFactory) -> Shell:
    home = tmp_path_factory.mktemp("cli")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHOPDB_")}
    env.update(SHOPDB_DATABASE_URL=f"sqlite+aiosqlite:///{home / 'cli.sqlite3'}",
               SHOPDB_ENV="test")
    return Shell(home, env)


@pytest.fixture(scope="module")
def migrated(shopdb: Shell) -> Shell:
    assert "empty" in shopdb("db", "current").stdout
    # Before the schema exists, commands refuse, naming the database and the fix.
    refused = one_line_error(shopdb("user", "list", ok=False))
    assert "cli.sqlite3" in refused and "run `shopdb db upgrade` first" in refused
    assert "created the schema" in shopdb("db", "upgrade").stdout
    assert "up to date" in shopdb("db", "upgrade").stdout
    return shopdb


def test_db_current_names_the_applied_revision(migrated: Shell) -> None:
    current = migrated("db", "current").stdout.strip()
    assert current and "empty" not in current


def test_seed_reference_data_is_idempotent(migrated: Shell) -> None:
    first = migrated("seed", "reference-data").stdout
    second = migrated("seed", "reference-data").stdout
    assert first.startswith((f"{len(STATUSES)} ", "0 "))
    assert second.strip() == "0 asset status(es) added"


def test_seed_demo_once(migrated: Shell) -> None:
    assert migrated("seed", "demo").stdout.strip() == "200 demo asset(s) added"
    assert "skipped" in migrated("seed", "demo").stdout


def test_user_create_list_and_duplicates(migrated: Shell) -> None:
    created = migrated("user", "create", "bob", "--role", "editor", "--password-stdin",
                       stdin="secret-pass\n")
    assert "bob" in created.stdout and "editor" in created.stdout
    duplicate = migrated("user", "create", "bob", "--role", "editor", "--password-stdin",
                         stdin="secret-pass\n", ok=False)
    assert "bob" in one_line_error(duplicate)
    again = migrated("user", "create", "bob", "--password-stdin", "--exist-ok",
                     stdin="secret-pass\n")
    assert "exists" in again.stdout
    rows = [line.split("\t") for line in migrated("user", "list").stdout.splitlines()]
    assert [row[1:] for row in rows if row[1] == "bob"] == [["bob", "editor", "local"]]


def test_user_create_refuses_a_short_password(migrated: Shell) -> None:
    done = migrated("user", "create", "carol", "--password-stdin", stdin="short\n", ok=False)
    one_line_error(done)
    assert "carol" not in migrated("user", "list").stdout


def test_token_create_list_revoke(migrated: Shell) -> None:
    created = migrated("token", "create", "collector", "--scope", "ingest:computers",
                       "--scope", "read")
    secret = created.stdout.strip()
    assert secret.startswith("shp_") and len(secret.splitlines()) == 1
    assert "not shown again" in created.stderr

    rows = [line.split("\t") for line in migrated("token", "list").stdout.splitlines()]
    mine = [row for row in rows if row[1] == "collector"]
    assert len(mine) == 1
    token_id, _, scopes, state = mine[0][:4]
    assert set(scopes.split(",")) == {"ingest:computers", "read"}
    assert state == "active"
    assert secret not in migrated("token", "list").stdout

    assert "revoked" in migrated("token", "revoke", token_id).stdout
    rows = [line.split("\t") for line in migrated("token", "list").stdout.splitlines()]
    assert [row[3] for row in rows if row[0] == token_id] == ["revoked"]
    assert "99999" in one_line_error(migrated("token", "revoke", "99999", ok=False))


def test_token_with_an_invalid_scope_is_refused(migrated: Shell) -> None:
    done = migrated("token", "create", "bad", "--scope", "superuser", ok=False)
    one_line_error(done)
    assert done.stdout == ""
    assert "\tbad\t" not in migrated("token", "list").stdout


def test_schema_export_prints_sdl(shopdb: Shell, tmp_path: Path) -> None:
    sdl = shopdb("schema", "export").stdout
    assert "interface Asset" in sdl and "type Query" in sdl and "type GenericAsset" in sdl
    target = tmp_path / "schema.graphql"
    shopdb("schema", "export", "--output", str(target))
    assert target.read_text(encoding="utf-8") == sdl


def test_help_of_the_real_command(shopdb: Shell) -> None:
    done = shopdb("--help")
    assert done.stdout.startswith("Usage: shopdb")
    for group in ("db", "seed", "user", "token", "plugin", "schema", "serve"):
        assert f"  {group} " in done.stdout


@pytest.mark.parametrize("group", [("db",), ("seed",), ("user",), ("token",), ("plugin",),
                                   ("schema",), ("serve",), ("user", "create"),
                                   ("token", "create"), ("db", "downgrade")])
def test_help_works_for_every_group(group: tuple[str, ...]) -> None:
    """In-process (the same click command object) to keep the suite fast."""
    from click.testing import CliRunner

    from shopdb_gql.cli import main

    done = CliRunner().invoke(main, [*group, "--help"])
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"Usage: main {' '.join(group)}")


def test_unknown_command_is_a_usage_error(shopdb: Shell) -> None:
    done = shopdb("frobnicate", ok=False)
    assert done.returncode == 2
    assert "No such command" in done.stderr and "Traceback" not in done.stderr


def test_plugin_commands_are_mounted_on_demand(shopdb: Shell) -> None:
    """``shopdb <plugin> ...`` runs a plugin's commands, yet importing the CLI (as each
    uvicorn worker process does) loads no plugin."""
    from shopdb_gql.plugins.loader import MODULE_PREFIX

    dummy = Shell(shopdb.cwd, {**shopdb.env,
                               "SHOPDB_PLUGIN_PATHS": str(Path(__file__).parent / "plugins")})
    assert dummy("dummy", "hello").stdout == "hello from dummy\n"
    # The top-level help stays fast (no plugin loaded) and points at them; each plugin's
    # group has its own help.
    assert "<plugin>" in dummy("--help").stdout
    assert "hello" in dummy("dummy", "--help").stdout
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, shopdb_gql.cli; "
         f"print(sorted(m for m in sys.modules if m.startswith({MODULE_PREFIX!r})))"],
        capture_output=True, text=True, cwd=dummy.cwd, env=dummy.env, timeout=120, check=True)
    assert probe.stdout.strip() == "[]", probe.stdout


# --- a command that is safe to type (issue #13 item 9) ----------------------------------

@pytest.mark.parametrize(("args", "needle"), [
    (("serve", "--port", "80000"), "--port"), (("serve", "--port", "0"), "--port"),
    (("serve", "--workers", "0"), "--workers"),
    (("token", "create", "t", "--scope", "read", "--expires-in-days", "-3"), "--expires-in-days"),
    (("token", "create", "t", "--scope", "read", "--expires-in-days", "0"), "--expires-in-days"),
])
def test_out_of_range_arguments_are_refused_before_anything_runs(shopdb: Shell, args: tuple[str, ...],
                                                                 needle: str) -> None:
    done = shopdb(*args, ok=False)
    assert done.returncode == 2 and needle in done.stderr and "Traceback" not in done.stderr


def test_an_unknown_revision_is_one_line(migrated: Shell) -> None:
    assert "nonsense-rev" in one_line_error(migrated("db", "downgrade", "nonsense-rev", ok=False))


def test_serve_refuses_a_database_without_tables(shopdb: Shell, tmp_path: Path) -> None:
    env = {**shopdb.env, "SHOPDB_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'new.sqlite3'}"}
    done = subprocess.run([str(SHOPDB), "serve", "--port", "1"], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=60, check=False)
    assert done.returncode == 1 and "has no tables" in done.stderr and "new.sqlite3" in done.stderr


def test_plugin_list_tells_never_installed_from_disabled(migrated: Shell) -> None:
    listed = migrated("plugin", "list").stdout
    assert "not installed" in listed and "computers" in listed


def test_the_default_database_is_the_same_from_any_folder(tmp_path: Path) -> None:
    code = "from shopdb_gql.settings import Settings; print(Settings(_env_file=None).database_url)"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHOPDB_")}
    urls = {subprocess.run([sys.executable, "-c", code], cwd=folder, env=env, text=True,
                           capture_output=True, check=True).stdout.strip()
            for folder in (tmp_path, Path(__file__).parent, Path("/"))}
    assert len(urls) == 1
    assert urls.pop().endswith(str(Path(__file__).resolve().parent.parent / "shopdb.sqlite3"))


def test_help_imports_no_heavy_library(tmp_path: Path) -> None:
    """`shopdb --help` took 2-5 s importing SQLAlchemy, Strawberry and every plugin."""
    code = ("import sys\nfrom click.testing import CliRunner\nfrom shopdb_gql.cli import main\n"
            "result = CliRunner().invoke(main, ['--help'])\n"
            "print(result.exit_code, sorted(m for m in ('sqlalchemy', 'strawberry', 'graphql', "
            "'alembic') if m in sys.modules))\nprint(result.output)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, check=True)
    first, _, output = done.stdout.partition("\n")
    assert first == "0 []"
    for command in ("db", "serve", "user", "token", "plugin", "seed", "schema", "ingest"):
        assert f"  {command} " in output
