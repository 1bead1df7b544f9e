"""The printed schema is committed and current; breaking changes need a contract MAJOR bump."""

from __future__ import annotations

from pathlib import Path

from graphql import build_schema, find_breaking_changes
from packaging.version import Version

from shopdb_gql import __contract_version__
from shopdb_gql.commands.schema import full_schema_sdl

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "data" / "contract-baseline.graphql"


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == full_schema_sdl(), "schema.graphql is stale: run `make schema`"


def test_no_breaking_change_within_the_contract_major() -> None:
    first_line = BASELINE.read_text(encoding="utf-8").splitlines()[0]
    baseline_major = int(first_line.split("__contract_version__ ")[1].split(".")[0])
    changes = find_breaking_changes(build_schema(BASELINE.read_text(encoding="utf-8")),
                                    build_schema(full_schema_sdl()))
    if Version(__contract_version__).major == baseline_major:
        assert changes == [], (
            "breaking schema changes; make them deliberate: bump the contract MAJOR version and "
            f"refresh {BASELINE.name}: " + "; ".join(c.description for c in changes))


def test_breaking_change_detection_catches_a_removed_field() -> None:
    current = build_schema(full_schema_sdl())
    field = '  """The human asset number (unique on the site)."""\n  assetTag: String!\n'
    trimmed = full_schema_sdl().replace(field, "")
    changes = find_breaking_changes(current, build_schema(trimmed))
    assert any("assetTag" in c.description for c in changes)
