"""Every shell, console and GraphQL example in README.md and docs/ runs as written.

Each document gets what its text promises the reader: a server with demo data and every
bundled plugin at the address it names, the tokens it talks about in the environment,
its own folder as home. A block that cannot run here says why in a directive before it
(tests/docs/blocks.py); a test fails if any block errs, or if a document's runnable block
is neither run nor skipped with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from graphql import GraphQLSchema, build_schema

from tests import harness
from tests.docs.blocks import blocks
from tests.docs.runner import RUN_LANGS, Reader, run_document

DOCS = [harness.ROOT / "README.md", *sorted((harness.ROOT / "docs").glob("*.md"))]
EXAMPLE_SERVER = r"(https?://)?(127\.0\.0\.1|localhost):8000"

TOKEN = """mutation($input: ApiTokenInput!) { createApiToken(input: $input) { secret errors { message } } }"""


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_schema((harness.ROOT / "schema.graphql").read_text())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[harness.Server]:
    """A server like the one the docs were written against: demo data, every plugin."""
    with harness.fresh_database(tmp_path_factory.mktemp("docsdb")) as url:
        harness.prepare(harness.test_settings(url))
        server = harness.Server(harness.test_settings(url)).start()
        yield server
        server.stop()


def _token(admin: harness.Client, name: str, *scopes: str) -> str:
    made = admin.data(TOKEN, {"input": {"name": name, "scopes": list(scopes)}})["createApiToken"]
    assert made["errors"] == [], made
    secret: str = made["secret"]
    return secret


def _api_reader(site: harness.Server, schema: GraphQLSchema, home: Path) -> Reader:
    anonymous = harness.Client(site.url)
    admin = anonymous.as_token(harness.login(anonymous, "admin", harness.PASSWORDS["admin"])
                               ["accessToken"])
    editor = harness.login(anonymous, "editor", harness.PASSWORDS["editor"])["accessToken"]
    env = {"HOME": str(home), "SHOPDB_URL": site.url,
           "SHOPDB_TOKEN": _token(admin, f"docs-{home.name}", "admin"),
           "EDITOR_TOKEN": editor,
           "PRINTER_TOKEN": _token(admin, f"docs-printers-{home.name}", "ingest:printers"),
           "SHOPDB_DATABASE_URL": site.settings.database_url, "SHOPDB_ENV": "test"}
    reader = Reader(home, env, schema, substitutions=[
        (EXAMPLE_SERVER, site.url), (r"<password>", harness.PASSWORDS["admin"]),
        (r"(?m)^export SHOPDB_(URL|TOKEN)=.*$", ": the test sets SHOPDB_\\1")])

    def asset_for(text: str) -> None:
        # "$ASSET, the id of the computer CNC-PC-0101" (docs/COLLECTORS.md).
        if "$ASSET" in text and "ASSET" not in reader.env:
            found = admin.data('{ computers(filter: {text: "cnc-pc-0101"}) { nodes { id } } }')
            nodes = found["computers"]["nodes"]
            if nodes:
                reader.env["ASSET"] = nodes[0]["id"]

    reader.before = asset_for
    return reader


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_every_runnable_block_is_run_or_says_why_not(path: Path) -> None:
    for block in blocks(path):
        if "skip" in block.directives:
            assert len(block.directives["skip"].strip()) >= 10, (
                f"{block.where}: a skipped example says why (at least a few words)")
        elif block.lang in RUN_LANGS:
            assert block.text.strip(), f"{block.where}: an empty example"


@pytest.mark.parametrize("name", ["API.md", "COLLECTORS.md"])
def test_api_examples_run(name: str, site: harness.Server, schema: GraphQLSchema,
                          tmp_path: Path) -> None:
    reader = _api_reader(site, schema, tmp_path)
    assert run_document(harness.ROOT / "docs" / name, reader) > 0


@pytest.mark.parametrize("path", [p for p in DOCS if p.name not in (
    "API.md", "COLLECTORS.md", "PLUGIN-QUICKSTART.md")], ids=lambda p: p.name)
def test_other_examples_run(path: Path, site: harness.Server, schema: GraphQLSchema,
                            tmp_path: Path) -> None:
    run_document(path, _api_reader(site, schema, tmp_path))


def test_plugin_quickstart_runs_step_by_step(schema: GraphQLSchema, tmp_path: Path) -> None:
    """The quickstart as a newcomer follows it: a scratch folder, its own database and
    server, the generated plugin installed, queried over curl, tested, toggled."""
    port = harness.free_port()
    url = f"http://127.0.0.1:{port}"
    reader = Reader(tmp_path, {"HOME": str(tmp_path), "SHOPDB_ENV": "development"}, schema,
                    substitutions=[(r"cd path/to/shopdb-gql", f"cd {harness.ROOT}"),
                                   (r"--port 8000", f"--port {port}"),
                                   (EXAMPLE_SERVER, url)])
    reader.ready_url = f"{url}/readyz"
    reader.schema_url = f"{url}/graphql"
    text = (harness.ROOT / "docs" / "PLUGIN-QUICKSTART.md").read_text()
    assert re.search(r"shopdb plugin new", text)
    assert run_document(harness.ROOT / "docs" / "PLUGIN-QUICKSTART.md", reader) >= 5


BROKEN_CURL = """Text.

```sh
curl -s http://127.0.0.1:8000/graphql -H 'content-type: application/json' \\
  -H "Authorization: Bearer $SHOPDB_TOKEN" -d '{"query": "{ assets { totalCount price } }"}' | jq -c .
```
"""
GOOD_CURL = BROKEN_CURL.replace(" price", "")
BROKEN_GRAPHQL = "```graphql\n{ assets { nodes { assetNumber } } }\n```\n"
WRONG_SIGNATURE = "```graphql\nassets(first: Int = 50): AssetConnection!\n```\n"
FAILING_SHELL = "```sh\nshopdb plugin enable no-such-plugin\n```\n"
SKIPPED = "<!-- example: skip needs a Windows machine -->\n```sh\nexit 1\n```\n"


@pytest.mark.parametrize(("text", "fails"), [
    (BROKEN_CURL, True), (GOOD_CURL, False), (BROKEN_GRAPHQL, True), (WRONG_SIGNATURE, True),
    (FAILING_SHELL, True), (SKIPPED, False),
], ids=["renamed-field-in-curl", "good-curl", "graphql-block", "signature", "shell-exit",
        "skipped"])
def test_the_runner_catches_drift(text: str, fails: bool, site: harness.Server,
                                  schema: GraphQLSchema, tmp_path: Path) -> None:
    doc = tmp_path / "EXAMPLE.md"
    doc.write_text(text)
    reader = _api_reader(site, schema, tmp_path / "home")
    if fails:
        with pytest.raises(AssertionError):
            run_document(doc, reader)
    else:
        run_document(doc, reader)
