"""Runs a document's examples in order, as a reader would, against a real server.

Shell blocks run in bash (``set -euo pipefail``, variables kept from block to block,
``curl`` checked: see ``CURL_SHIM``), ``console`` blocks run their ``$`` lines, GraphQL
blocks are validated against the schema, Python blocks run when marked ``run`` (or are
saved with ``file NAME``). Addresses of the docs' example server (127.0.0.1:8000) point at
the test's server. Every other kind of block (JSON and text outputs, configuration files)
is not run.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from graphql import (
    GraphQLSchema,
    GraphQLSyntaxError,
    build_client_schema,
    get_introspection_query,
    parse,
    print_ast,
    validate,
)

from tests.docs.blocks import Block, blocks
from tests.harness import ROOT

RUN_LANGS = {"sh", "bash", "console", "graphql"}
BLOCK_TIMEOUT = 240

#: ``curl`` as the examples call it, but failing the block when the answer shows that the
#: example has drifted from the server: a 5xx, a non-JSON answer from /graphql, or a
#: request-level GraphQL error (parse or validation: an error without a ``path``).
CURL_SHIM = textwrap.dedent('''\
    #!{python}
    import json, subprocess, sys
    done = subprocess.run(["{curl}", *sys.argv[1:], "-w", "\\n%{{http_code}}"], stdout=subprocess.PIPE)
    body, _, status = done.stdout.rpartition(b"\\n")
    sys.stdout.buffer.write(body)
    sys.stdout.flush()
    if done.returncode:
        sys.exit(done.returncode)
    url = next((a for a in sys.argv[1:] if "://" in a or a.startswith(("localhost", "127."))), "")
    if int(status or 0) >= 500:
        sys.exit(f"curl example: HTTP {{status.decode()}} from {{url}}")
    if "/graphql" in url:
        try:
            answer = json.loads(body)
        except ValueError:
            sys.exit(f"curl example: /graphql answered no JSON: {{body[:200]!r}}")
        for error in answer.get("errors") or []:
            code = (error.get("extensions") or {{}}).get("code")
            if "path" not in error or code in ("INTERNAL_SERVER_ERROR", "GRAPHQL_VALIDATION_FAILED"):
                sys.exit(f"curl example: the request itself was refused: {{error}}")
''')


@dataclass
class Reader:
    """One reader working through one document: a folder, an environment, a shell state."""

    workdir: Path
    env: dict[str, str]
    schema: GraphQLSchema | None
    substitutions: list[tuple[str, str]] = field(default_factory=list)
    #: Called before a block runs, with its text (to provide, e.g., an id it refers to).
    before: Callable[[str], None] | None = None
    background: list[subprocess.Popen[bytes]] = field(default_factory=list)
    ready_url: str | None = None
    #: Validate GraphQL examples against this server's live schema (site plugins included).
    schema_url: str | None = None

    def __post_init__(self) -> None:
        self.state = self.workdir / ".example-state"
        self.state.mkdir(parents=True, exist_ok=True)
        (self.state / "env").write_text("")
        (self.state / "cwd").write_text(str(self.workdir))
        bin_dir = self.state / "bin"
        bin_dir.mkdir(exist_ok=True)
        shim = bin_dir / "curl"
        shim.write_text(CURL_SHIM.format(python=sys.executable, curl="/usr/bin/curl"))
        shim.chmod(0o755)
        self.env = {**self.env, "PATH": f"{bin_dir}:{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}"}

    def text_of(self, block: Block) -> str:
        text = block.text
        for pattern, replacement in self.substitutions:
            text = re.sub(pattern, replacement, text)
        return text

    def run(self, block: Block) -> None:
        if "skip" in block.directives:
            assert block.directives["skip"].strip(), f"{block.where}: say why the example is skipped"
            return
        if "stop" in block.directives:
            self.stop()
        text = self.text_of(block)
        if self.before:
            self.before(text)
        if "edit" in block.directives:
            self._edit(block, text)
            return
        if "file" in block.directives:
            target = Path(self._cwd()) / block.directives["file"].strip()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
            return
        if block.lang == "graphql":
            self._graphql(block, text)
        elif block.lang in ("sh", "bash"):
            self._shell(block, text)
        elif block.lang == "console":
            self._shell(block, _console_commands(text))
        elif block.lang == "python" and "run" in block.directives:
            self._python(block, text)

    def _edit(self, block: Block, text: str) -> None:
        """``edit FILE after|replace /REGEX/``: put the block after, or instead of, the first
        line of FILE (relative to $SHOPDB_PLUGIN_PATHS or the working folder) that matches."""
        spec = re.fullmatch(r"(\S+)\s+(after|replace)\s+/(.+)/", block.directives["edit"].strip())
        assert spec, f"{block.where}: write `edit FILE after|replace /REGEX/`"
        name, how, pattern = spec.groups()
        base = Path(self._shell_env().get("SHOPDB_PLUGIN_PATHS") or self._cwd())
        target = base / name
        assert target.is_file(), f"{block.where}: no file {target} to edit"
        lines = target.read_text().splitlines()
        at = next((i for i, line in enumerate(lines) if re.search(pattern, line)), None)
        assert at is not None, f"{block.where}: no line of {name} matches /{pattern}/"
        new = text.rstrip("\n").splitlines()
        lines[at:at + 1] = [lines[at], *new] if how == "after" else new
        target.write_text("\n".join(lines) + "\n")

    def _shell_env(self) -> dict[str, str]:
        """The variables the examples exported so far."""
        found: dict[str, str] = {}
        for line in (self.state / "env").read_text().splitlines():
            match = re.match(r'declare -x (\w+)="(.*)"$', line)
            if match:
                found[match[1]] = match[2]
        return found

    def _cwd(self) -> str:
        return (self.state / "cwd").read_text().strip() or str(self.workdir)

    def _graphql(self, block: Block, text: str) -> None:
        schema = self.schema if self.schema_url is None else _live_schema(self.schema_url)
        assert schema is not None, f"{block.where}: no schema to check the example against"
        try:
            document = parse(text)
        except GraphQLSyntaxError:
            _check_signatures(block, text, schema)
            return
        errors = validate(schema, document)
        assert not errors, f"{block.where}: the example does not fit the schema: {errors}"

    def _shell(self, block: Block, text: str) -> None:
        env_file, cwd_file = self.state / "env", self.state / "cwd"
        script = (f"set -a; source {shlex.quote(str(env_file))}; set +a\n"
                  f"cd \"$(cat {shlex.quote(str(cwd_file))})\"\nset -euo pipefail -a\n{text}\n"
                  f"export -p > {shlex.quote(str(env_file))}; pwd > {shlex.quote(str(cwd_file))}\n")
        if "background" in block.directives:
            log = (self.state / f"background-{block.line}.log").open("wb")
            self.background.append(subprocess.Popen(["bash", "-c", script], env=self.env,
                                                    stdout=log, stderr=subprocess.STDOUT,
                                                    start_new_session=True))
            self._wait_ready(block)
            return
        done = subprocess.run(["bash", "-c", script], env=self.env, capture_output=True,
                              text=True, timeout=BLOCK_TIMEOUT)
        assert done.returncode == 0, (
            f"{block.where}: the example failed (exit {done.returncode}):\n{text}\n"
            f"--- output ---\n{done.stdout[-3000:]}\n--- errors ---\n{done.stderr[-3000:]}")

    def _python(self, block: Block, text: str) -> None:
        done = subprocess.run([sys.executable, "-"], input=text, env=self.env, cwd=self._cwd(),
                              capture_output=True, text=True, timeout=BLOCK_TIMEOUT)
        assert done.returncode == 0, (
            f"{block.where}: the example failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")

    def _wait_ready(self, block: Block) -> None:
        if self.ready_url is None:
            return
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.ready_url, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.background[-1].poll() is not None:
                break
            time.sleep(0.2)
        logs = "".join(p.read_text(errors="replace") for p in self.state.glob("background-*.log"))
        raise AssertionError(f"{block.where}: the server the example starts did not get ready:\n"
                             f"{logs[-3000:]}")

    def stop(self) -> None:
        """End what the examples started in the background (Ctrl+C, as the doc says)."""
        for process in self.background:
            if process.poll() is None:
                os.killpg(process.pid, 15)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, 9)
        self.background.clear()


def _check_signatures(block: Block, text: str, schema: GraphQLSchema) -> None:
    """A block of root field signatures (``ingestComputers(source: String!, ...): T!``)
    must match the schema's fields exactly: arguments, their types and defaults, result."""
    definition = parse(f"type Signatures {{\n{text}\n}}").definitions[0]
    roots = [t for t in (schema.query_type, schema.mutation_type, schema.subscription_type) if t]
    for documented in getattr(definition, "fields", []):
        name = documented.name.value
        real = next((t.fields[name] for t in roots if name in t.fields), None)
        assert real is not None, f"{block.where}: no root field {name!r} in the schema"
        shown = print_ast(documented)
        args = ", ".join(f"{arg}: {value.type}" + (
            f" = {print_ast(ast.default_value)}" if (ast := value.ast_node) is not None and ast.default_value
            else "") for arg, value in real.args.items())
        actual = f"{name}({args}): {real.type}" if args else f"{name}: {real.type}"
        assert " ".join(shown.split()) == actual, (
            f"{block.where}: documented {shown!r}, the schema says {actual!r}")


def _live_schema(url: str) -> GraphQLSchema:
    answer = httpx.post(url, json={"query": get_introspection_query()}, timeout=30).json()
    return build_client_schema(answer["data"])


def _console_commands(text: str) -> str:
    """The commands of a console transcript: ``$`` lines and their ``\\`` continuations."""
    commands: list[str] = []
    continuing = False
    for line in text.splitlines():
        if line.startswith("$ ") or continuing:
            command = line[2:] if line.startswith("$ ") and not continuing else line
            commands.append(command)
            continuing = line.rstrip().endswith("\\")
    return "\n".join(commands) + "\n"


@contextmanager
def reading(reader: Reader) -> Iterator[Reader]:
    try:
        yield reader
    finally:
        reader.stop()


def run_document(path: Path, reader: Reader) -> int:
    """Run every example of ``path`` in order; the number of blocks run or checked."""
    count = 0
    with reading(reader):
        for block in blocks(path):
            if block.lang in RUN_LANGS or {"run", "file", "edit"} & block.directives.keys():
                reader.run(block)
                count += "skip" not in block.directives
    return count
