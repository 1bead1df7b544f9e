"""The Dockerfile against the repository: its stages, what it copies and what it runs.

No Docker engine runs here. The Dockerfile is parsed and each promise it makes is checked
against the checkout: every COPY source exists and is not excluded by .dockerignore, every
`shopdb` command the entrypoint runs exists in the CLI with the options it passes, and the
paths it gives the settings are where it copies things.
"""

from __future__ import annotations

import itertools
import json
import re
import shlex
import shutil
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO_ROOT / "Dockerfile"
DOCKERIGNORE = REPO_ROOT / ".dockerignore"
ENTRYPOINT_SCRIPT = "docker/entrypoint.sh"
SERVICE_PORT = "8000"


@dataclass
class Instruction:
    keyword: str
    args: str


@dataclass
class Copy:
    sources: list[str]
    dest: str
    flags: dict[str, str]


@dataclass
class Stage:
    image: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [i.args for i in self.instructions if i.keyword == keyword]

    def copies(self) -> list[Copy]:
        return [parse_copy(args) for args in self.all("COPY")]

    def workdir_at(self, index: int) -> PurePosixPath:
        """The WORKDIR in effect at instruction ``index`` (``/`` if none was set)."""
        workdir = PurePosixPath("/")
        for instruction in self.instructions[:index]:
            if instruction.keyword == "WORKDIR":
                workdir = workdir / instruction.args
        return workdir

    def env(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for args in self.all("ENV"):
            for item in shlex.split(args):
                key, _, value = item.partition("=")
                values[key] = value
        return values


def parse_dockerfile(text: str) -> list[Stage]:
    """The build stages, each with its instructions (continuations joined, comments dropped)."""
    logical: list[str] = []
    pending = ""
    for line in text.splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        logical.append(pending + line.strip())
        pending = ""
    stages: list[Stage] = []
    for entry in logical:
        keyword, _, args = entry.partition(" ")
        keyword, args = keyword.upper(), " ".join(args.split())
        if keyword == "FROM":
            words = args.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(image=words[0], name=name))
        else:
            assert stages, f"{keyword} before the first FROM"
            stages[-1].instructions.append(Instruction(keyword, args))
    return stages


def parse_copy(args: str) -> Copy:
    words = shlex.split(args)
    flags = {}
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        flags[key] = value
    rest = " ".join(words)
    paths = json.loads(rest) if rest.startswith("[") else words
    return Copy(sources=paths[:-1], dest=paths[-1], flags=flags)


def exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list), f"use the exec (JSON array) form, not {args!r}"
    return [str(v) for v in value]


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """A .dockerignore pattern (Go filepath.Match plus ``**``) as a regular expression."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            body = pattern[i + 1 : end]
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            out, i = out + "[" + body + "]", end + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


def dockerignore_rules() -> list[tuple[bool, re.Pattern[str]]]:
    rules = []
    for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = str(PurePosixPath(line.lstrip("!").strip("/")))
        rules.append((negate, _pattern_regex(pattern)))
    return rules


def is_ignored(path: str) -> bool:
    """Whether .dockerignore leaves ``path`` (or a folder holding it) out of the context."""
    parts = PurePosixPath(path.strip("/")).parts
    prefixes = ["/".join(parts[: k + 1]) for k in range(len(parts))]
    ignored = False
    for negate, regex in dockerignore_rules():
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            ignored = not negate
    return ignored


STAGES = parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))
RUNTIME = STAGES[-1]
CONTEXT_SOURCES = sorted(
    {src for stage in STAGES for copy in stage.copies() if "from" not in copy.flags
     for src in copy.sources}
)


def stage_named(name: str) -> Stage:
    return next(stage for stage in STAGES if stage.name == name)


def copy_dest(stage: Stage, source: str) -> PurePosixPath:
    """Where ``stage`` copies ``source`` to, as an absolute path."""
    for index, instruction in enumerate(stage.instructions):
        if instruction.keyword == "COPY":
            copy = parse_copy(instruction.args)
            if source in copy.sources:
                target = stage.workdir_at(index) / copy.dest
                into_folder = len(copy.sources) > 1 or copy.dest.endswith(("/", "."))
                if into_folder and not source.endswith("/"):
                    return target / PurePosixPath(source).name
                return target
    raise AssertionError(f"{source} is not copied in stage {stage.name}")


# --- stages ------------------------------------------------------------------------------


def test_frontend_stage_builds_the_ui_with_node() -> None:
    frontend = STAGES[0]
    assert (frontend.image, frontend.name) == ("node:20-slim", "frontend")
    commands = " && ".join(frontend.all("RUN"))
    assert re.search(r"\bnpm ci\b", commands)
    assert commands.index("npm ci") < commands.index("npm run build")


def test_runtime_is_python_slim() -> None:
    assert RUNTIME.image == "python:3.12-slim"
    builders = [stage.image for stage in STAGES if stage.image.startswith("python:")]
    assert set(builders) == {"python:3.12-slim"}, "the venv is copied between python stages"


def test_copy_from_names_an_earlier_stage() -> None:
    for position, stage in enumerate(STAGES):
        earlier = {s.name for s in STAGES[:position]}
        for copy in stage.copies():
            if "from" in copy.flags:
                assert copy.flags["from"] in earlier, copy


def test_frontend_build_output_is_copied() -> None:
    frontend = stage_named("frontend")
    built = frontend.workdir_at(len(frontend.instructions)) / "dist"
    assert any(
        copy.flags.get("from") == "frontend" and copy.sources == [str(built)]
        for copy in RUNTIME.copies()
    ), f"the runtime must copy {built} from the frontend stage"


def test_dependencies_come_from_the_lock_file() -> None:
    runs = [args for stage in STAGES for args in stage.all("RUN")]
    lock_install = re.compile(r"pip install -r \S*requirements\.lock")
    lock = next(i for i, r in enumerate(runs) if lock_install.search(r))
    package = next(i for i, r in enumerate(runs) if "pip install --no-deps -e ." in r)
    assert lock < package


@pytest.mark.parametrize("distribution", ["prometheus-client", "orjson", "uvicorn"])
def test_operations_dependencies_are_locked(distribution: str) -> None:
    """The image installs requirements.lock only: what the server imports must be pinned."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = [re.split(r"[\s\[<>=!~;]", d, maxsplit=1)[0].lower().replace("_", "-")
                for d in project["project"]["dependencies"]]
    assert distribution in declared, f"add {distribution} to [project] dependencies"
    lock = (REPO_ROOT / "requirements.lock").read_text(encoding="utf-8").lower()
    assert re.search(rf"^{re.escape(distribution)}==", lock.replace("_", "-"), re.M), (
        f"{distribution} is not pinned in requirements.lock"
    )


def test_the_image_keeps_the_checkout_layout() -> None:
    """The package finds alembic/, plugins/ and frontend/dist beside itself (see
    shopdb_gql/db/migrations.py and settings.py), so they share one root in the image and
    the package is installed in place there."""
    root = copy_dest(RUNTIME, "shopdb_gql/").parent
    assert copy_dest(RUNTIME, "alembic/") == root / "alembic"
    assert copy_dest(RUNTIME, BUILT_PLUGINS) == root / "plugins"
    assert copy_dest(RUNTIME, "pyproject.toml") == root / "pyproject.toml"
    install = next(
        index for index, i in enumerate(RUNTIME.instructions)
        if i.keyword == "RUN" and "pip install --no-deps -e ." in i.args
    )
    assert RUNTIME.workdir_at(install) == root


# --- what it copies ----------------------------------------------------------------------


@pytest.mark.parametrize("source", CONTEXT_SOURCES)
def test_copy_source_exists(source: str) -> None:
    matches = list(REPO_ROOT.glob(source.rstrip("/"))) if any(c in source for c in "*?[") else []
    assert matches or (REPO_ROOT / source).exists(), f"COPY {source}: not in the repository"


@pytest.mark.parametrize("source", CONTEXT_SOURCES)
def test_copy_source_is_in_the_build_context(source: str) -> None:
    assert not is_ignored(source), f"COPY {source}: excluded by .dockerignore"


BUILT_PLUGINS = "/src/plugins/"
"""Where the frontend stage builds the bundled plugins' UI bundles (plugins/*/ui/dist)."""


def test_plugins_come_with_their_built_ui_bundles() -> None:
    frontend = stage_named("frontend")
    assert str(copy_dest(frontend, "plugins/")) == BUILT_PLUGINS.rstrip("/")
    # The plugins' UI sources resolve vue & co. through /src/node_modules.
    assert "ln -s frontend/node_modules /src/node_modules" in " && ".join(frontend.all("RUN"))
    copied = next(c for c in RUNTIME.copies() if BUILT_PLUGINS in c.sources)
    assert copied.flags.get("from") == "frontend"


def test_all_bundled_plugins_are_in_the_image() -> None:
    plugins_dest = copy_dest(RUNTIME, BUILT_PLUGINS)
    assert RUNTIME.env()["SHOPDB_BUNDLED_PLUGINS_DIR"] == str(plugins_dest)
    for manifest in REPO_ROOT.glob("plugins/*/manifest.json"):
        for path in (manifest, manifest.with_name("__init__.py")):
            relative = path.relative_to(REPO_ROOT).as_posix()
            assert not is_ignored(relative), f"{relative} is excluded by .dockerignore"


def test_dockerignore_keeps_secrets_and_local_state_out() -> None:
    for path in (
        ".env", ".env.production", ".git/config", ".venv/bin/python",
        "frontend/node_modules/vue/index.js", "frontend/dist/index.html",
        "shopdb_gql/__pycache__/app.cpython-312.pyc", "shopdb.sqlite3",
    ):
        assert is_ignored(path), f"{path} would be sent to the build"
    for path in ("shopdb_gql/app.py", "plugins/computers/models.py", "README.md"):
        assert not is_ignored(path), path


# --- how it runs -------------------------------------------------------------------------


def test_runs_as_a_non_root_user() -> None:
    users = RUNTIME.all("USER")
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert any("useradd" in r and users[-1] in r for r in RUNTIME.all("RUN"))


def test_healthcheck_probes_readyz() -> None:
    (healthcheck,) = RUNTIME.all("HEALTHCHECK")
    command = exec_form(healthcheck[healthcheck.index("CMD ") + 4 :])
    assert f"127.0.0.1:{SERVICE_PORT}/readyz" in " ".join(command)
    if command[:2] == ["python", "-c"]:
        compile(command[2], "<healthcheck>", "exec")
    assert RUNTIME.all("EXPOSE") == [SERVICE_PORT]


def test_metrics_are_shared_between_workers() -> None:
    directory = RUNTIME.env()["PROMETHEUS_MULTIPROC_DIR"]
    assert directory.startswith("/tmp/"), "compose mounts a tmpfs on /tmp"
    assert 'rm -rf "$PROMETHEUS_MULTIPROC_DIR"' in script_text()


def test_settings_paths_point_at_the_copied_files() -> None:
    from shopdb_gql.settings import Settings

    env = RUNTIME.env()
    shopdb_vars = [key for key in env if key.startswith("SHOPDB_")]
    unknown = [k for k in shopdb_vars if k[len("SHOPDB_"):].lower() not in Settings.model_fields]
    assert unknown == [], "not settings of shopdb_gql.settings.Settings"
    frontend = stage_named("frontend")
    built = str(frontend.workdir_at(len(frontend.instructions)) / "dist")
    assert env["SHOPDB_FRONTEND_DIST"] == str(copy_dest(RUNTIME, built))


def script_text() -> str:
    return (REPO_ROOT / ENTRYPOINT_SCRIPT).read_text(encoding="utf-8")


def test_entrypoint_is_the_copied_script() -> None:
    (entrypoint,) = RUNTIME.all("ENTRYPOINT")
    command = exec_form(entrypoint)
    assert command == [str(copy_dest(RUNTIME, ENTRYPOINT_SCRIPT))]
    copy = next(c for c in RUNTIME.copies() if ENTRYPOINT_SCRIPT in c.sources)
    assert copy.flags.get("chmod") == "0755"
    assert exec_form(RUNTIME.all("CMD")[-1]) == ["serve"]


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
def test_entrypoint_is_valid_shell() -> None:
    done = subprocess.run(["sh", "-n", str(REPO_ROOT / ENTRYPOINT_SCRIPT)], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


def test_entrypoint_migrates_then_serves_with_workers_from_the_environment() -> None:
    text = script_text()
    upgrade = text.index("shopdb db upgrade")
    serve = text.index("exec shopdb serve")
    assert upgrade < serve
    serve_line = text[serve:].splitlines()[0]
    assert f"--port {SERVICE_PORT}" in serve_line and "--host 0.0.0.0" in serve_line
    assert '--workers "${SHOPDB_WORKERS' in serve_line


def entrypoint_commands() -> list[list[str]]:
    """The arguments of every `shopdb ...` command line in the entrypoint script."""
    commands = []
    for line in script_text().splitlines():
        words = shlex.split(line, comments=True)
        if words[:1] == ["exec"]:
            words = words[1:]
        if words[:1] == ["shopdb"]:
            commands.append(words[1:])
    return commands


def test_console_script_is_declared() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["shopdb"] == "shopdb_gql.cli:main"


def subcommand(args: list[str]) -> list[str]:
    return list(itertools.takewhile(lambda word: not word.startswith("-"), args))


@pytest.mark.parametrize(
    "args", entrypoint_commands(), ids=lambda args: " ".join(subcommand(args))
)
def test_entrypoint_commands_exist_in_the_cli(args: list[str]) -> None:
    from click.testing import CliRunner

    from shopdb_gql.cli import main

    path = subcommand(args)
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, f"shopdb {' '.join(path)} --help: {result.output}"
    for option in (word for word in args if word.startswith("--")):
        assert option in result.output, f"shopdb {' '.join(path)} has no {option} option"
