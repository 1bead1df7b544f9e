"""The text search index (core/searchindex.py): searches through it find exactly what the
scan finds, it is really read, it follows every write, and it steps aside when it cannot
answer (a signature of other columns, a common piece) until ``shopdb search reindex``."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy import text as sql

from shopdb_gql.commands.search import reindex_enabled
from shopdb_gql.core import models, searchindex
from shopdb_gql.core.settingstore import get_setting, set_setting
from tests.harness import ROOT, Client, Server, db_run

LIST = """query($text: String!) { assets(filter: {text: $text}, first: 500) {
  totalCount nodes { assetTag } } }"""
KIND_LIST = """query($text: String!) { computers(filter: {text: $text}, first: 500) {
  nodes { assetTag } } }"""
SEARCH = """query($text: String!) { search(text: $text, first: 100) {
  objectType asset { assetTag } } }"""
CREATE = """mutation($input: ComputerInput!) {
  createComputer(input: $input) { computer { id assetTag } errors { field message } } }"""
UPDATE_COMPUTER = """mutation($id: ID!, $input: ComputerUpdateInput!) {
  updateComputer(id: $id, input: $input) { errors { message } } }"""
UPDATE = """mutation($id: ID!, $input: AssetUpdateInput!) {
  updateAsset(id: $id, input: $input) { errors { message } } }"""
NOTES = """mutation($id: ID!, $notes: String) {
  setAssetNotes(id: $id, notes: $notes) { errors { message } } }"""
DELETE = """mutation($id: ID!) { deleteAsset(id: $id) { errors { message } } }"""
INGEST = """mutation($records: [ComputerRecord!]!) {
  ingestComputers(source: "search-test", records: $records) {
    results { status assetId errors { message } } } }"""

RUN = uuid.uuid4().hex[:6]  # keeps this module's texts apart from the demo data's
SHOPDB = [str(Path(sys.executable).parent / "shopdb")]


def fresh() -> str:
    """A word sharing no piece with the texts it replaces (none of them has only letters
    from g to z in a row): a stale posting cannot make it findable."""
    return "zq" + "".join(random.choice("ghijklmnopqrstuvwxyz") for _ in range(8))


def reindex(server: Server) -> searchindex.Rebuilt:
    result: searchindex.Rebuilt = db_run(server, lambda s: reindex_enabled(s, server.runtime.records))
    return result


@contextmanager
def scanning(server: Server) -> Iterator[None]:
    """Searches scan (the stored signature covers no column) until the block ends."""
    stored = db_run(server, lambda s: get_setting(s, searchindex.SIGNATURE_KEY))
    db_run(server, lambda s: set_setting(s, searchindex.SIGNATURE_KEY, {"columns": {}}))
    try:
        yield
    finally:
        db_run(server, lambda s: set_setting(s, searchindex.SIGNATURE_KEY, stored))


def results(client: Client, text: str) -> tuple[list[str], list[str], list[str]]:
    """Asset tags the list filter, the computers list filter and the search box find."""
    listed = sorted(n["assetTag"] for n in client.data(LIST, {"text": text})["assets"]["nodes"])
    kind = sorted(n["assetTag"] for n in client.data(KIND_LIST, {"text": text})["computers"]["nodes"])
    hits = sorted(h["asset"]["assetTag"] for h in client.data(SEARCH, {"text": text})["search"]
                  if h["objectType"] == "asset")
    return listed, kind, hits


def read_index(server: Server, client: Client, text: str) -> bool:
    """Whether searching ``text`` read the postings (both the list and the search box)."""
    used = []
    for query in (LIST, SEARCH):
        server.counter.reset()
        client.data(query, {"text": text})
        used.append(any("searchgrams AS g1" in s for s in server.counter.statements))
    assert used[0] == used[1], text
    return used[0]


def create(client: Client, **values: Any) -> dict[str, Any]:
    payload = client.data(CREATE, {"input": values})["createComputer"]
    assert payload["errors"] == [], payload
    computer: dict[str, Any] = payload["computer"]
    return computer


def postings_of(server: Server, asset_id: str) -> int:
    table = models.SearchGram
    return int(db_run(server, lambda s: s.scalar(
        select(func.count()).select_from(table).where(table.assetid == int(asset_id)))))


@pytest.fixture(scope="module")
def writer(server: Server, tokens: dict[str, str]) -> Client:
    return Client(server.url, tokens["editor"])


@pytest.fixture(scope="module")
def corpus(writer: Client) -> Iterator[dict[str, str]]:
    """Computers with a text in each searchable column; tag -> asset id."""
    editor = writer
    made = [
        create(editor, assetTag=f"SX{RUN}-TAG", name=f"bench-42 {RUN}", hostname=f"h{RUN}-one"),
        create(editor, assetTag=f"SX{RUN}-SER", name="Serial holder", serialNumber=f"SN{RUN}Q7",
               hostname=f"h{RUN}-two"),
        create(editor, assetTag=f"SX{RUN}-NOTE", name="Noted", hostname=f"h{RUN}-three",
               notes=f"Café {RUN} 50%_off back\\slash"),
        create(editor, assetTag=f"SX{RUN}-HOST", name="Plain", hostname=f"LatheHost{RUN}"),
        create(editor, assetTag=f"SX{RUN}-SZ", name=f"Straße {RUN}", hostname=f"h{RUN}-four"),
        create(editor, assetTag=f"SX{RUN}-MIX", name=f"MiXeD CaSe {RUN}", hostname=f"h{RUN}-five",
               notes="Müller und Søren"),
    ]
    yield {c["assetTag"]: c["id"] for c in made}
    for c in made:
        editor.data(DELETE, {"id": c["id"]})


# Each: the query, whether the index can answer it.
QUERIES = [
    (f"bench-42 {RUN}", True), (f"BENCH-42 {RUN}", True), (f"SX{RUN}-tag", True),
    (f"sn{RUN}q7", True), (f"lathehost{RUN}", True), (f"h{RUN}-t", True), (f"cafe {RUN}", True),
    (f"café {RUN}", True), (f"CAFÉ {RUN}", True), (f"mixed case {RUN}", True), ("müller", True),
    (f"straße {RUN}", False), (f"strase {RUN}", True), ("søren", False), (f"{RUN} 50%_off", True),
    ("50%_", True), ("%_o", True), ("\\sl", True), ("k\\s", True), (f"{RUN}%", True),
    (f"{RUN}_", True), ("ca", False), ("é", False), ("x", False), ("  ", False),
    (f"nothing-{RUN}-here", True), ("Ünïcödé", True), ("İst", False),
]


def test_the_index_finds_what_the_scan_finds(server: Server, viewer: Client,
                                             corpus: dict[str, str]) -> None:
    indexed = {text: results(viewer, text) for text, _ in QUERIES if text.strip()}
    used = {text: read_index(server, viewer, text) for text, _ in QUERIES if text.strip()}
    with scanning(server):
        scanned = {text: results(viewer, text) for text in indexed}
        assert not any(read_index(server, viewer, text) for text in indexed)
    assert indexed == scanned
    assert used == {text: can for text, can in QUERIES if text.strip()}
    # Not vacuous: each column is found, through the index.
    listed = {text: found[0] for text, found in indexed.items()}
    assert listed[f"BENCH-42 {RUN}"] == [f"SX{RUN}-TAG"]
    assert listed[f"sn{RUN}q7"] == [f"SX{RUN}-SER"]
    assert listed[f"lathehost{RUN}"] == [f"SX{RUN}-HOST"]
    assert listed[f"mixed case {RUN}"] == [f"SX{RUN}-MIX"]
    assert listed[f"{RUN} 50%_off"] == [f"SX{RUN}-NOTE"]
    assert listed["k\\s"] == [f"SX{RUN}-NOTE"]
    assert listed[f"h{RUN}-t"] == sorted([f"SX{RUN}-SER", f"SX{RUN}-NOTE"])
    assert listed[f"café {RUN}"] == [f"SX{RUN}-NOTE"]
    assert listed[f"nothing-{RUN}-here"] == []


def test_postings_follow_mutations(server: Server, viewer: Client, editor: Client) -> None:
    note, host, name, host2 = f"first{RUN}note", f"w{RUN}-host", fresh(), fresh()
    pc = create(editor, hostname=host, notes=note)
    try:
        assert results(viewer, note)[0] == [pc["assetTag"]]
        second = fresh()
        assert editor.data(NOTES, {"id": pc["id"], "notes": second})[
            "setAssetNotes"]["errors"] == []
        assert results(viewer, second)[0] == [pc["assetTag"]]
        assert results(viewer, note)[0] == []  # no stale hit
        assert read_index(server, viewer, second)
        assert editor.data(UPDATE, {"id": pc["id"], "input": {"name": name}})[
            "updateAsset"]["errors"] == []
        assert results(viewer, name) == ([pc["assetTag"]],) * 3
        assert editor.data(UPDATE_COMPUTER, {"id": pc["id"], "input": {"hostname": host2}})[
            "updateComputer"]["errors"] == []
        assert results(viewer, host2)[0] == [pc["assetTag"]]
        assert results(viewer, host)[0] == []
    finally:
        editor.data(DELETE, {"id": pc["id"]})
    assert results(viewer, name) == ([], [], [])
    assert postings_of(server, pc["id"]) == 0  # the foreign key's cascade


def test_postings_follow_ingest(server: Server, viewer: Client, admin: Client,
                                editor: Client) -> None:
    host = f"ing{RUN}host"
    first = admin.data(INGEST, {"records": [{"hostname": host, "serialNumber": f"old{RUN}sn"}]})
    outcome = first["ingestComputers"]["results"][0]
    assert outcome["status"] == "CREATED", outcome
    try:
        assert len(results(viewer, host)[0]) == 1 and read_index(server, viewer, host)
        assert len(results(viewer, f"old{RUN}sn")[0]) == 1
        serial = fresh()
        again = admin.data(INGEST, {"records": [{"hostname": host, "serialNumber": serial}]})
        assert again["ingestComputers"]["results"][0]["status"] == "UPDATED"
        assert len(results(viewer, serial)[0]) == 1 and read_index(server, viewer, serial)
        assert results(viewer, f"old{RUN}sn")[0] == []
    finally:
        editor.data(DELETE, {"id": outcome["assetId"]})


def test_postings_follow_a_merge_of_spellings(server: Server, viewer: Client, admin: Client,
                                              editor: Client) -> None:
    """The reference-data merge rewrites kinds' vocabulary columns with one bulk update."""
    made = editor.data("""mutation($input: EquipmentInput!) { createEquipment(input: $input) {
      equipment { id } errors { message } } }""", {"input": {
        "machineNumber": f"EQ{RUN}", "name": f"Merge test {RUN}", "vendor": f"oldmaker{RUN}"}})
    asset_id = made["createEquipment"]["equipment"]["id"]
    try:
        assert len(results(viewer, f"oldmaker{RUN}")[0]) == 1
        maker = fresh()
        merged = admin.data("""mutation($into: String!, $s: [String!]!) {
          mergeSpellings(vocabulary: MANUFACTURER, into: $into, spellings: $s) {
            changedAssets errors { message } } }""", {"into": maker, "s": [f"oldmaker{RUN}", maker]})
        assert merged["mergeSpellings"] == {"changedAssets": 1, "errors": []}
        assert results(viewer, maker)[0] == results(viewer, f"Merge test {RUN}")[0]
        assert len(results(viewer, maker)[0]) == 1 and read_index(server, viewer, maker)
        assert results(viewer, f"oldmaker{RUN}")[0] == []
    finally:
        editor.data(DELETE, {"id": asset_id})


def test_a_signature_of_other_columns_scans_until_reindexed(server: Server, viewer: Client,
                                                             editor: Client,
                                                             corpus: dict[str, str]) -> None:
    """As after a plugin's searchable fields changed: the index lacks a column searched."""
    stored = db_run(server, lambda s: get_setting(s, searchindex.SIGNATURE_KEY))
    narrower = {**stored, "columns": {**stored["columns"],
                                      "computers": [c for c in stored["columns"]["computers"]
                                                    if c != "hostname"]}}
    db_run(server, lambda s: set_setting(s, searchindex.SIGNATURE_KEY, narrower))
    pc = create(editor, hostname=f"sig{RUN}host")  # postings written without its host name
    try:
        assert results(viewer, f"sig{RUN}host")[0] == [pc["assetTag"]]
        assert not read_index(server, viewer, f"sig{RUN}host")
        assets, postings, unfolded = reindex(server)
        assert assets >= 200 and postings > assets and unfolded >= 1  # Straße, Søren
        assert db_run(server, lambda s: get_setting(s, searchindex.SIGNATURE_KEY)) == stored | {
            "assets": assets}
        assert results(viewer, f"sig{RUN}host")[0] == [pc["assetTag"]]
        assert read_index(server, viewer, f"sig{RUN}host")
    finally:
        editor.data(DELETE, {"id": pc["id"]})
        db_run(server, lambda s: set_setting(s, searchindex.SIGNATURE_KEY, stored))


def test_a_common_piece_scans(server: Server, viewer: Client,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    before = results(viewer, "cnc-0")
    assert read_index(server, viewer, "cnc-0")
    monkeypatch.setattr(searchindex, "COMMON_FLOOR", 0)  # the server runs in this process
    assert not read_index(server, viewer, "cnc-0")
    assert results(viewer, "cnc-0") == before and len(before[0]) >= 10


def test_the_reindex_command_is_repeatable(server: Server, viewer: Client) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHOPDB_")}
    env.update(SHOPDB_DATABASE_URL=server.settings.database_url, SHOPDB_ENV="test")
    said = []
    for _ in range(2):
        done = subprocess.run([*SHOPDB, "search", "reindex"], capture_output=True, text=True,
                              cwd=ROOT, env=env, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        said.append(done.stdout)
    assert said[0] == said[1] and said[0].startswith("search index rebuilt: ")
    assert results(viewer, "PC-0007")[0] == ["PC-0007"] and read_index(server, viewer, "PC-0007")


def test_enabling_a_plugin_from_the_cli_builds_what_the_index_lacks(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHOPDB_")}
    env.update(SHOPDB_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}",
               SHOPDB_ENV="test")

    def shopdb(*args: str) -> str:
        done = subprocess.run([*SHOPDB, *args], capture_output=True, text=True, cwd=ROOT,
                              env=env, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    shopdb("db", "upgrade")
    assert "search index rebuilt" in shopdb("plugin", "install", "computers")
    assert "search index rebuilt" not in shopdb("plugin", "disable", "computers")
    assert "search index rebuilt" not in shopdb("plugin", "enable", "computers")  # covered
    assert shopdb("search", "reindex").startswith("search index rebuilt: 0 asset(s)")


@pytest.mark.parametrize(("text", "folded"), [
    ("Café", "cafe"), ("ÉTÉ", "ete"), ("Straße", None), ("Søren", None), ("ab", "ab"),
    ("ﬁle", None), ("\\%_", "\\%_")])
def test_fold(text: str, folded: str | None) -> None:
    assert searchindex.fold(text) == folded
    assert (searchindex.UNFOLDED in searchindex.grams_of([text])) == (folded is None)


# --- differential: random texts over a small alphabet ------------------------------------

ALPHABET = "abAB-_%\\ éÉß"


@pytest.fixture(scope="module")
def random_corpus(writer: Client) -> Iterator[None]:
    editor = writer
    rng = random.Random(18)

    def draw() -> str:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(3, 12)))

    made = [create(editor, assetTag=f"RX{RUN}-{i}", name=f"r{draw()}", notes=draw(),
                   hostname=f"{draw()}{i}") for i in range(25)]
    yield
    for c in made:
        editor.data(DELETE, {"id": c["id"]})


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts=st.lists(st.text(ALPHABET, min_size=1, max_size=5), min_size=12, max_size=12))
def test_random_texts_find_the_same_with_and_without_the_index(
        server: Server, viewer: Client, random_corpus: None, texts: list[str]) -> None:
    wanted = [t for t in texts if t.strip()]
    indexed = [results(viewer, t) for t in wanted]
    with scanning(server):
        scanned = [results(viewer, t) for t in wanted]
    assert indexed == scanned


def test_the_fold_never_disagrees_with_mariadbs_collation(server: Server) -> None:
    """Where the fold turns a character into an ASCII letter, MariaDB's collation may not
    equate it with another ASCII character; else an ASCII search could match a text whose
    pieces the index lacks. (Characters the fold refuses mark their asset a candidate.)"""
    if not server.settings.database_url.startswith("mysql"):
        pytest.skip("a MariaDB/MySQL collation")
    folding = [cp for cp in range(0x80, 0x30000)
               if not 0xD800 <= cp < 0xE000 and searchindex.fold(chr(cp)) is not None]

    async def equal_pairs(session: Any) -> list[tuple[int, str]]:
        await session.execute(sql(
            "CREATE TEMPORARY TABLE foldcheck (cp INT PRIMARY KEY, ch VARCHAR(1) CHARACTER SET "
            "utf8mb4 COLLATE utf8mb4_general_ci, KEY (ch))"))
        for start in range(0, len(folding), 5000):
            chunk = folding[start:start + 5000]
            await session.execute(sql("INSERT INTO foldcheck VALUES " + ", ".join(
                f"({cp}, :c{cp})" for cp in chunk)), {f"c{cp}": chr(cp) for cp in chunk})
        found: list[tuple[int, str]] = []
        for a in map(chr, range(0x20, 0x7F)):
            rows = await session.execute(sql("SELECT cp FROM foldcheck WHERE ch = :a"), {"a": a})
            found.extend((cp, a) for (cp,) in rows)
        await session.execute(sql("DROP TEMPORARY TABLE foldcheck"))
        return found

    pairs = db_run(server, equal_pairs)
    assert len(pairs) > 500  # accented letters do equal their base letters
    assert [(hex(cp), a) for cp, a in pairs if searchindex.fold(chr(cp)) != a.lower()] == []
