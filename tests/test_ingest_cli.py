"""``shopdb ingest`` against a live server of its own (the computers plugin, no demo data,
so the session server's asset counts stay as other tests expect), and ``shopdb collectors
stale`` on a database of its own."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from shopdb_gql.cli import main
from shopdb_gql.core.editing import default_status_id
from shopdb_gql.core.models import Asset, AssetStatus, AuditEntry
from shopdb_gql.db.base import utcnow
from shopdb_gql.db.engine import Database
from tests import harness
from tests.harness import Client, Server, fresh_database, prepare
from tests.plugins.bundled import PluginSite, plugin_site

TOKEN = """mutation($input: ApiTokenInput!) {
  createApiToken(input: $input) { secret errors { message } } }"""
FIND = """query($text: String) { computers(filter: {text: $text}) {
  totalCount nodes { hostname serialNumber osName pcType } } }"""


def make_token(admin: Client, *scopes: str) -> str:
    payload = admin.data(TOKEN, {"input": {"name": f"cli-{uuid.uuid4().hex[:6]}",
                                           "scopes": list(scopes)}})["createApiToken"]
    assert payload["errors"] == []
    secret: str = payload["secret"]
    return secret


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PluginSite]:
    with plugin_site(Path(tmp_path_factory.mktemp("cli")), "computers", demo=False) as s:
        yield s


@pytest.fixture(scope="module")
def server(site: PluginSite) -> Server:
    return site.server


@pytest.fixture(scope="module")
def admin(site: PluginSite) -> Client:
    return site.clients["admin"]


@pytest.fixture(scope="module")
def viewer(site: PluginSite) -> Client:
    return site.clients["viewer"]


@pytest.fixture(scope="module")
def secret(admin: Client) -> str:
    return make_token(admin, "ingest:computers")


def shopdb(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


def send(server: Server, secret: str, path: Path, *extra: str) -> Result:
    return shopdb("ingest", "computer", path, "--url", server.url, "--token", secret,
                  "--source", "cli-test", *extra)


def summary(result: Result) -> str:
    return result.stdout.splitlines()[0]


def test_json_and_csv_files_create_then_are_unchanged(server: Server, secret: str,
                                                      viewer: Client, tmp_path: Path) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    records = [{"hostname": f"CLI-{tag}-{i}", "serialNumber": f"SN-{tag}-{i}",
                "osName": "Windows 11", "pcType": "OFFICE"} for i in range(5)]
    as_json = tmp_path / "pcs.json"
    as_json.write_text(json.dumps(records))
    as_csv = tmp_path / "more.csv"
    as_csv.write_text("hostname,serialNumber,osName,pcType\n"
                      f"CLI-{tag}-C1,SN-{tag}-C1,Ubuntu,LAB\n"
                      f"CLI-{tag}-C2,,,\n")

    first = send(server, secret, as_json, "--batch-size", "2")
    assert first.exit_code == 0, first.output
    assert summary(first) == ("ingestComputers: 5 records: 5 created, 0 updated, "
                              "0 unchanged, 0 rejected")
    from_csv = send(server, secret, as_csv)
    assert from_csv.exit_code == 0, from_csv.output
    assert "2 created" in summary(from_csv)

    found = viewer.data(FIND, {"text": f"CLI-{tag}"})["computers"]
    assert found["totalCount"] == 7
    by_host = {n["hostname"]: n for n in found["nodes"]}
    assert by_host[f"CLI-{tag}-3"] == {"hostname": f"CLI-{tag}-3", "serialNumber": f"SN-{tag}-3",
                                       "osName": "Windows 11", "pcType": "OFFICE"}
    assert by_host[f"CLI-{tag}-C1"]["pcType"] == "LAB"
    assert by_host[f"CLI-{tag}-C2"]["serialNumber"] is None  # an empty cell is left out

    again = send(server, secret, as_json, "--batch-size", "2")
    assert again.exit_code == 0, again.output
    assert summary(again) == ("ingestComputers: 5 records: 0 created, 0 updated, "
                              "5 unchanged, 0 rejected")
    dry = send(server, secret, as_csv, "--dry-run")
    assert "2 would be unchanged" in summary(dry)


def test_rejected_records_are_listed_and_exit_1(server: Server, secret: str,
                                                tmp_path: Path) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([{"hostname": f"OK-{tag}"},
                                {"hostname": f"LONG-{tag}", "model": "x" * 121},
                                {"serialNumber": "To Be Filled By O.E.M."}]))
    result = send(server, secret, path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "ingestComputers: 3 records: 1 created, 0 updated, 0 unchanged, 2 rejected"
    assert lines[1] == "  record 1 rejected: model: At most 120 characters [INVALID]"
    assert lines[2].startswith("  record 2 rejected: No usable identity")


def test_refusals_are_one_line(server: Server, admin: Client, tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps([{"hostname": "X"}]))
    wrong_scope = make_token(admin, "ingest:printers")
    cases = {
        "refused": (("computer", path, "--token", wrong_scope), "the server refused"),
        "kind": (("spaceship", path, "--token", wrong_scope), "no asset kind 'spaceship'"),
        "field": (("computer", _write(tmp_path / "f.json", '[{"colour": "red"}]'),
                   "--token", wrong_scope), "unknown field(s) colour"),
        "csv": (("computer", _write(tmp_path / "c.csv", "hostname,colour\nA,red\n"),
                 "--token", wrong_scope), "unknown column(s) colour"),
        "json": (("computer", _write(tmp_path / "j.json", "{"), "--token", wrong_scope),
                 "not valid JSON"),
        "token": (("computer", path, "--token", "nonsense"), "the server refused"),
    }
    for name, (args, expected) in cases.items():
        result = shopdb("ingest", *args, "--url", server.url)
        assert result.exit_code == 1, (name, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (name, result.stderr)
        assert expected in lines[0], (name, lines[0])
    down = shopdb("ingest", "computer", path, "--url", "http://127.0.0.1:9", "--token", "x")
    assert down.exit_code == 1 and "cannot reach" in down.stderr


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


# --- shopdb collectors stale ------------------------------------------------------------


@pytest.fixture(scope="module")
def stale_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(tmp_path_factory.mktemp("stale")) as url:
        prepare(harness.test_settings(url), demo=False)

        async def seed() -> None:
            db = Database(url)
            async with db.transaction() as session:
                status = await default_status_id(session)
                now = utcnow()
                for tag, seen in (("OLD-1", now - timedelta(days=45)),
                                  ("OLD-2", now - timedelta(days=31)),
                                  ("FRESH", now - timedelta(days=2)), ("NEVER", None)):
                    session.add(Asset(assettag=tag, name=f"pc-{tag.lower()}", kind="computer",
                                      statusid=status, createdat=now, updatedat=now,
                                      lastseenat=seen, lastseensource=seen and "sccm"))
            await db.dispose()

        asyncio.run(seed())
        yield url


def stale(url: str, *args: str) -> Result:
    return shopdb("collectors", "stale", *args,
                  env={"SHOPDB_DATABASE_URL": url, "SHOPDB_ENV": "test"})


def statuses(url: str) -> dict[str, str]:
    async def read() -> dict[str, str]:
        db = Database(url)
        async with db.session() as session:
            rows = await session.execute(select(Asset.assettag, AssetStatus.code).join(
                AssetStatus, AssetStatus.id == Asset.statusid))
            result = {tag: code for tag, code in rows.all()}
        await db.dispose()
        return result

    return asyncio.run(read())


def test_stale_lists_then_marks_with_audit(stale_db: str) -> None:
    listed = stale(stale_db)
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("checked: computer (after 30 days)")
    assert [line.split("\t")[2] for line in lines[1:-1]] == ["OLD-1", "OLD-2"]
    assert lines[-1].startswith("2 stale assets")
    assert statuses(stale_db)["OLD-1"] == "in_use"

    applied = stale(stale_db, "--apply", "--kind", "computer")
    assert applied.exit_code == 0, applied.output
    assert applied.stdout.splitlines()[-1] == "2 stale assets; 2 set to status 'stale'"
    assert "(was in_use)" in applied.stdout
    assert statuses(stale_db) == {"OLD-1": "stale", "OLD-2": "stale", "FRESH": "in_use",
                                  "NEVER": "in_use"}
    again = stale(stale_db, "--apply")
    assert again.stdout.splitlines()[-1] == "2 stale assets; 0 set to status 'stale'"

    async def audit() -> list[tuple[object, ...]]:
        db = Database(stale_db)
        async with db.session() as session:
            rows = await session.execute(select(AuditEntry.source, AuditEntry.action,
                                                AuditEntry.objectid)
                                         .where(AuditEntry.source == "collectors"))
            result: list[tuple[object, ...]] = [tuple(r) for r in rows.all()]
        await db.dispose()
        return result

    entries = asyncio.run(audit())
    assert len(entries) == 2 and {e[1] for e in entries} == {"update"}


def test_stale_kind_errors_are_one_line(stale_db: str) -> None:
    for kind, expected in (("spaceship", "no enabled asset kind 'spaceship'"),
                           ("measuringtool", "never goes stale")):
        result = stale(stale_db, "--kind", kind)
        assert result.exit_code == 1
        assert result.stderr.strip().startswith("Error: ") and expected in result.stderr


@pytest.mark.parametrize("args", [("ingest",), ("collectors", "stale")])
def test_help(args: tuple[str, ...]) -> None:
    done = shopdb(*args, "--help")
    assert done.exit_code == 0 and done.output.startswith(f"Usage: main {' '.join(args)}")
