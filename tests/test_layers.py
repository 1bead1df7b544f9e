"""The import layers of shopdb_gql (docs/adr/010-import-layers.md) and the plugin boundary.

``make lint`` runs ``lint-imports`` on the contract in pyproject.toml; these tests make sure
that contract covers every module, really refuses an upward import (also one made only for
type checking), and that bundled plugins reach core only through ``shopdb_gql.plugins``.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

#: Package ``__init__`` modules whose children sit in different layers, so the package
#: itself cannot be named as a layer. They may import only what is listed here.
SPLIT_PACKAGES = {
    "shopdb_gql": set(),
    "shopdb_gql.auth": set(),
    "shopdb_gql.core": set(),
    "shopdb_gql.graphql": set(),
    "shopdb_gql.db": {"shopdb_gql.db.base", "shopdb_gql.db.engine"},
}


def _contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["id"] == "layers"]
    return layers


def _layer_modules() -> list[str]:
    names: list[str] = []
    for layer in _contract()["layers"]:
        names += [n.strip() for n in layer.replace("|", ":").split(":") if n.strip()]
    return names


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports with ``cwd``'s pyproject.toml, importing shopdb_gql from ``cwd``."""
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo", "pyproject.toml"],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_layers_contract_is_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_every_module_is_in_exactly_one_layer() -> None:
    declared = _layer_modules()
    assert len(declared) == len(set(declared)), "a module is named in two layers"
    graph = grimp.build_graph("shopdb_gql", cache_dir=None)
    for module in sorted(graph.modules):
        owners = [d for d in declared if module == d or module.startswith(d + ".")]
        if module in SPLIT_PACKAGES:
            assert not owners
            imported = {m for m in graph.find_modules_directly_imported_by(module)
                        if m.startswith("shopdb_gql")}
            assert imported <= SPLIT_PACKAGES[module], (module, imported)
        else:
            assert len(owners) == 1, f"{module} is in {len(owners)} layers: add it to one"


def _copy_with(tmp_path: Path, edits: dict[str, str]) -> Path:
    """A copy of shopdb_gql and pyproject.toml with ``edits`` appended to some modules."""
    shutil.copytree(ROOT / "shopdb_gql", tmp_path / "shopdb_gql",
                    ignore=shutil.ignore_patterns("__pycache__", "template"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for relative, text in edits.items():
        path = tmp_path / "shopdb_gql" / relative
        path.write_text(path.read_text() + "\n" + text + "\n")
    return tmp_path


def test_an_upward_import_is_refused(tmp_path: Path) -> None:
    copy = _copy_with(tmp_path, {
        # the domain reaching up into the plugin API, at run time
        "core/models.py": "from shopdb_gql.plugins import spec as _spec",
        # graphql infrastructure reaching up into the core schema, only for type checking
        "graphql/errors.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                             "    from shopdb_gql.core.types import Asset",
    })
    result = _lint_imports(copy)
    assert result.returncode != 0, result.stdout
    assert "0 kept, 1 broken" in result.stdout
    assert "shopdb_gql.core.models is not allowed to import shopdb_gql.plugins" in result.stdout
    assert "shopdb_gql.graphql.errors is not allowed to import shopdb_gql.core.types" \
        in result.stdout


def test_the_unchanged_copy_passes(tmp_path: Path) -> None:
    """The control for the test above: the copy itself is not what breaks the contract."""
    result = _lint_imports(_copy_with(tmp_path, {}))
    assert result.returncode == 0, result.stdout + result.stderr


# --- plugins reach core only through the plugin API ----------------------------------------

#: Plugin code may import from shopdb_gql only this module. Alembic revision scripts may
#: also name ``shopdb_gql.db.base`` (autogenerate writes ``shopdb_gql.db.base.UTCDateTime()``
#: for a column type, and shipped revisions are not edited). Tests (plugins/conftest.py,
#: plugins/*/tests/) may import anything, like tests/ does.
PLUGIN_API = "shopdb_gql.plugins"
MIGRATION_EXTRA = {"shopdb_gql.db.base"}


def core_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) for each import of a shopdb_gql module in ``source``, anywhere in it."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "shopdb_gql":  # from shopdb_gql import plugins, core...
                found += [(node.lineno, f"shopdb_gql.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, node.module))
    return [(line, m) for line, m in found if m == "shopdb_gql" or m.startswith("shopdb_gql.")]


def plugin_violations(path: Path, source: str) -> list[str]:
    allowed = {PLUGIN_API} | (MIGRATION_EXTRA if "migrations" in path.parts else set())
    return [f"{path}:{line}: imports {module}" for line, module in core_imports(source)
            if module not in allowed]


def _plugin_sources() -> list[Path]:
    files = []
    for path in sorted((ROOT / "plugins").glob("*/**/*.py")):
        relative = path.relative_to(ROOT / "plugins")
        if "tests" not in relative.parts[1:]:
            files.append(path)
    templates = ROOT / "shopdb_gql" / "plugins" / "scaffold" / "template"
    return files + sorted(templates.rglob("*.py.tmpl"))


def test_bundled_plugins_import_only_the_plugin_api() -> None:
    sources = _plugin_sources()
    assert len(sources) > 10
    # the scaffold's templates are Python once their {{placeholders}} are filled in
    problems = [p for path in sources
                for p in plugin_violations(path, re.sub(r"\{\{\s*\w+\s*\}\}", "X", path.read_text()))]
    assert not problems, "plugins may import only shopdb_gql.plugins:\n" + "\n".join(problems)


@pytest.mark.parametrize("source", [
    "from shopdb_gql.core.models import Asset",
    "import shopdb_gql.plugins.spec",
    "from shopdb_gql import core",
    "def f():\n    from shopdb_gql.ingest import generate",
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from shopdb_gql.runtime import Runtime",
])
def test_the_plugin_check_refuses_core_internals(source: str) -> None:
    assert plugin_violations(Path("plugins/x/__init__.py"), source)


@pytest.mark.parametrize("source", [
    "from shopdb_gql.plugins import AssetKind, Plugin",
    "import shopdb_gql.plugins",
    "from shopdb_gql import plugins",
    "import sqlalchemy as sa",
])
def test_the_plugin_check_allows_the_plugin_api(source: str) -> None:
    assert not plugin_violations(Path("plugins/x/__init__.py"), source)


def test_ingest_registers_its_compiled_specs_with_core_locks() -> None:
    """core.locks (domain) reaches the ingest layer only through what ingest registers."""
    from shopdb_gql.core import locks
    from shopdb_gql.ingest import generate

    assert locks._compiled_for is generate.compiled_for
    assert locks._compile_spec is generate.compile_spec
