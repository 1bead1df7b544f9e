"""The documented production command, run for real against MariaDB/MySQL.

The container entrypoint (docker/entrypoint.sh, with only host and port changed) runs with
the production environment the image sets: it empties the metrics folder, migrates, then
serves with two uvicorn workers. The runbook's next steps follow (seed reference data,
create the first admin), then a login, a query, ``/metrics`` summed over the workers, JSON
log lines, and SIGTERM: in-flight requests finish, the server exits 0 and the port closes.

It needs a MySQL/MariaDB server on 127.0.0.1:3306 (CI always has one) and runs once per
``make test``: in the pass without ``SHOPDB_TEST_DATABASE_URL``, since it brings its own
database rather than the one that variable names.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from tests.harness import free_port, local_mysql_database, mysql_answers

REPO_ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = REPO_ROOT / "docker" / "entrypoint.sh"
MYSQL_SERVER = "mysql+aiomysql://root@127.0.0.1:3306"
STRONG_SECRET = "pR7vXq2LmZ8tK4wN9cB1sD6fH3jG5yU0aE"
METRICS_TOKEN = secrets.token_urlsafe(32)
#: What `shopdb db upgrade` says when it is done (the entrypoint runs it before serving).
UPGRADED = re.compile(r"^(created the schema in |database is up to date|upgraded ).*$", re.M)
ADMIN_PASSWORD = "Site-admin-pass-2024"
WORKERS = 2
GRACEFUL_SECONDS = 20  # timeout_graceful_shutdown passed to uvicorn by `shopdb serve`
OPERATION = "DeployCheckAssets"
ASSETS_QUERY = (f"query {OPERATION} {{ assetStatuses {{ code }}"
                " assets(first: 5) { totalCount nodes { id assetTag } } }")
LOGIN = """mutation DeployLogin($u: String!, $p: String!) {
  login(username: $u, password: $p) { accessToken user { username role } errors { message } }
}"""

# It makes its own MariaDB database whatever the suite's backend, so the MariaDB pass of
# `make test` deselects it (-m "not once") instead of running it twice.
pytestmark = [pytest.mark.slow, pytest.mark.once]


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), 1).close()
    except OSError:
        return False
    return True


def shopdb_bin() -> str:
    found = shutil.which("shopdb", path=str(Path(sys.executable).parent))
    assert found, f"the `shopdb` console script is not installed beside {sys.executable}"
    return found


def production_env(tmp: Path, database_url: str, **overrides: str) -> dict[str, str]:
    """The environment the image and compose.yml give the API container, for this test."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SHOPDB_", "PROMETHEUS_"))}
    env.update({
        "PATH": f"{Path(shopdb_bin()).parent}{os.pathsep}{env.get('PATH', '')}",
        "PYTHONUNBUFFERED": "1",
        "SHOPDB_ENV": "production",
        "SHOPDB_DATABASE_URL": database_url,
        "SHOPDB_SECRET_KEY": STRONG_SECRET,
        "SHOPDB_METRICS_TOKEN": METRICS_TOKEN,
        "SHOPDB_COOKIE_SECURE": "true",
        "SHOPDB_CORS_ORIGINS": "https://shopdb.example.com",
        "SHOPDB_LOG_JSON": "true",
        "SHOPDB_WORKERS": str(WORKERS),
        "SHOPDB_FRONTEND_DIST": str(tmp / "no-frontend"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp / "metrics"),
    })
    env.update(overrides)
    return env


def shopdb(env: dict[str, str], cwd: Path, *args: str, stdin: str | None = None
           ) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([shopdb_bin(), *args], env=env, cwd=cwd, input=stdin, text=True,
                          capture_output=True, timeout=60)
    assert done.returncode == 0, f"shopdb {' '.join(args)}: {done.stdout}{done.stderr}"
    return done


@pytest.fixture
def database_url() -> Iterator[str]:
    """A fresh, empty database on the local MySQL/MariaDB server, dropped afterwards."""
    if not mysql_answers():
        reason = "nothing answers on 127.0.0.1:3306: no MySQL/MariaDB to run production against"
        print(f"SKIPPING production run: {reason}")
        pytest.skip(reason)
    with local_mysql_database() as url:
        yield url


@dataclass
class Served:
    """The entrypoint running in the background, its output going to two files."""

    process: subprocess.Popen[bytes]
    port: int
    stdout: Path
    stderr: Path
    #: Size of stderr when the migration step had finished: the server's own output follows.
    stderr_served_from: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stdout_text(self) -> str:
        return self.stdout.read_text(errors="replace")

    def server_stderr(self) -> str:
        return self.stderr.read_text(errors="replace")[self.stderr_served_from or 0:]

    def stop(self) -> None:
        """Kill whatever is left of the process group (the supervisor and its workers)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)

    def output(self) -> str:
        return self.stdout.read_text(errors="replace") + self.stderr.read_text(errors="replace")

    def wait_ready(self, timeout: float = 150) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.stderr_served_from is None and UPGRADED.search(self.stdout_text()):
                self.stderr_served_from = self.stderr.stat().st_size
            if self.process.poll() is not None:
                pytest.fail(f"server exited with {self.process.returncode}:\n{self.output()}")
            try:
                response = httpx.get(f"{self.url}/readyz", timeout=2)
                if response.status_code == 200:
                    body: dict[str, Any] = response.json()
                    return body
                last = f"{response.status_code} {response.text}"
            except httpx.TransportError as exc:
                last = repr(exc)
            time.sleep(0.2)
        pytest.fail(f"/readyz not 200 within {timeout} s (last: {last}):\n{self.output()}")

    def worker_pids(self) -> set[int]:
        found = re.findall(r"Started server process \[(\d+)\]", self.output())
        return {int(pid) for pid in found}


def start_entrypoint(env: dict[str, str], tmp: Path) -> Served:
    """docker/entrypoint.sh with only its listening address changed, run with ``env``."""
    port = free_port()
    script = ENTRYPOINT.read_text(encoding="utf-8")
    documented = "--host 0.0.0.0 --port 8000"
    assert documented in script, "the entrypoint no longer serves as this test expects"
    local = tmp / "entrypoint.sh"
    local.write_text(script.replace(documented, f"--host 127.0.0.1 --port {port}"))
    stdout, stderr = tmp / "stdout.log", tmp / "stderr.log"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        # `exec` in the script makes this pid the uvicorn supervisor, as PID 1 in the image.
        process = subprocess.Popen(["sh", str(local)], env=env, cwd=tmp, stdout=out, stderr=err,
                                   start_new_session=True)
    return Served(process, port, stdout, stderr)


def post_query(url: str, token: str, request_id: str) -> httpx.Response:
    return httpx.post(f"{url}/graphql", json={"query": ASSETS_QUERY},
                      headers={"authorization": f"Bearer {token}", "x-request-id": request_id},
                      timeout=30)


def per_worker_requests(metrics_dir: Path, pids: set[int]) -> dict[int, float]:
    """How many times each worker counted OPERATION, read from its own metric files."""
    counts: dict[int, float] = {}
    for pid in pids:
        single = metrics_dir.parent / f"metrics-{pid}"
        single.mkdir(exist_ok=True)
        for file in metrics_dir.glob(f"counter_{pid}.db"):
            shutil.copy(file, single / file.name)
        counts[pid] = requests_counted(MultiProcessCollector(CollectorRegistry(), path=str(single)))
    return counts


def requests_counted(source: Any) -> float:
    """``shopdb_graphql_requests_total{operation=OPERATION}`` in a collector or metrics text."""
    families = (text_string_to_metric_families(source) if isinstance(source, str)
                else source.collect())
    for family in families:
        for sample in family.samples:
            if (sample.name == "shopdb_graphql_requests_total"
                    and sample.labels.get("operation") == OPERATION):
                return float(sample.value)
    return 0.0


def spread_queries(served: Served, token: str, metrics_dir: Path) -> int:
    """Send the query on fresh connections until both workers have answered some."""
    sent = 0
    with ThreadPoolExecutor(8) as pool:
        while sent < 80:
            batch = list(pool.map(lambda i: post_query(served.url, token, f"deploy-q-{i}"),
                                  range(sent, sent + 8)))
            sent += len(batch)
            for response in batch:
                assert response.status_code == 200, response.text
                body = response.json()
                assert "errors" not in body and body["data"]["assets"]["totalCount"] == 0, body
                assert {"in_use", "retired"} <= {s["code"] for s in body["data"]["assetStatuses"]}
            counts = per_worker_requests(metrics_dir, served.worker_pids())
            if sum(1 for n in counts.values() if n) == WORKERS:
                return sent
    pytest.fail(f"{sent} requests all went to one worker: {counts}")


def check_json_logs(served: Served, request_id: str) -> None:
    """Every line the server wrote is a JSON object; the access line has the request id."""
    lines = served.stdout.read_text().splitlines()
    serving = next(i for i, line in enumerate(lines) if UPGRADED.fullmatch(line))
    entries = []
    for line in lines[serving + 1:]:
        try:
            entries.append(json.loads(line))
        except ValueError:
            pytest.fail(f"not a JSON log line: {line!r}")
    assert all({"time", "level", "logger", "message", "request_id"} <= set(e) for e in entries)
    access = [e for e in entries if e["request_id"] == request_id]
    assert access and access[0]["logger"] == "uvicorn.access", access
    assert (access[0]["method"], access[0]["path"], access[0]["status"]) == ("POST", "/graphql", 200)
    assert served.stderr_served_from is not None
    assert not served.server_stderr().strip(), "the server wrote to stderr, not JSON on stdout"


class SlowRequest:
    """A POST whose body arrives in two halves: in flight from the first until the second."""

    def __init__(self, port: int, token: str, index: int) -> None:
        self.body = json.dumps({"query": ASSETS_QUERY}).encode()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.conn.putrequest("POST", "/graphql")
        for name, value in (("content-type", "application/json"),
                            ("content-length", str(len(self.body))),
                            ("authorization", f"Bearer {token}"),
                            ("x-request-id", f"deploy-inflight-{index}")):
            self.conn.putheader(name, value)
        self.conn.endheaders(self.body[:10])

    def finish(self) -> tuple[int, dict[str, Any], str | None]:
        self.conn.send(self.body[10:])
        response = self.conn.getresponse()
        result = (response.status, json.loads(response.read()), response.getheader("connection"))
        self.conn.close()
        return result


class Burst:
    """``n`` concurrent queries on their own connections, in a background thread.

    ``first_done`` is set when the first one ends, so a signal sent then finds the others
    in flight. Each result is the HTTP status, or the transport error's class name.
    """

    def __init__(self, url: str, token: str, n: int) -> None:
        self.first_done = threading.Event()
        self.results: dict[str, int | str] = {}
        self.thread = threading.Thread(target=self._run, args=(url, token, n))
        self.thread.start()

    def _run(self, url: str, token: str, n: int) -> None:
        def one(request_id: str) -> None:
            try:
                self.results[request_id] = post_query(url, token, request_id).status_code
            except httpx.TransportError as exc:
                self.results[request_id] = type(exc).__name__
            self.first_done.set()

        with ThreadPoolExecutor(n) as pool:
            list(pool.map(one, (f"deploy-burst-{i}" for i in range(n))))


def handled(served: Served, prefix: str) -> dict[str, int]:
    """Request id -> status of each request with that id prefix in the server's access log."""
    lines = (line for line in served.stdout_text().splitlines() if line.startswith("{"))
    return {entry["request_id"]: entry["status"] for entry in map(json.loads, lines)
            if entry["logger"] == "uvicorn.access"
            and str(entry["request_id"]).startswith(prefix)}


def check_graceful_shutdown(served: Served, token: str) -> None:
    pids = served.worker_pids()
    slow = [SlowRequest(served.port, token, i) for i in range(3)]
    time.sleep(0.5)  # idle workers accept at once: these requests are now in flight
    burst = Burst(served.url, token, 20)
    assert burst.first_done.wait(60)
    logged_before = len(served.stdout_text())
    served.process.send_signal(signal.SIGTERM)  # to the supervisor only, as `docker stop` does
    signalled = time.monotonic()
    time.sleep(1.5)
    assert served.process.poll() is None, "the server quit with requests in flight"
    for status, body, connection in (request.finish() for request in slow):
        assert status == 200 and body["data"]["assets"]["totalCount"] == 0, body
        assert connection == "close"  # the worker is draining: no keep-alive
    burst.thread.join(60)
    try:
        code = served.process.wait(GRACEFUL_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running {GRACEFUL_SECONDS} s after SIGTERM:\n{served.output()}")
    took = time.monotonic() - signalled
    assert code == 0, f"exit code {code} after SIGTERM:\n{served.output()}"
    assert not listening(served.port), f"port {served.port} still open after the exit"
    assert [pid for pid in pids if os.path.exists(f"/proc/{pid}")] == [], "a worker outlived"
    # Every request a worker began was answered, and with 200. The others were never read:
    # refused, reset from the listen backlog when the supervisor exited, or accepted but
    # closed unread by a draining worker (uvicorn's behaviour; a client may retry those).
    answered = {rid: status for rid, status in burst.results.items() if status == 200}
    assert handled(served, "deploy-burst-") == answered, burst.results
    assert set(handled(served, "deploy-inflight-").values()) == {200}
    output = served.stdout_text()[logged_before:]
    assert output.count("Application shutdown complete") == WORKERS, output
    assert "timeout graceful shutdown exceeded" not in output
    assert '"level":"ERROR"' not in output and "Traceback" not in output, output
    assert not served.server_stderr().strip(), served.server_stderr()
    print(f"SIGTERM -> exit 0 in {took:.1f} s; 3 in-flight requests answered 200; of 20 burst"
          f" requests, {len(answered)} were taken on and answered 200, the rest were closed"
          f" unanswered before being read: {sorted(set(burst.results.values()) - {200}, key=str)}")


def test_documented_production_command_serves_then_shuts_down_gracefully(
    database_url: str, tmp_path: Path
) -> None:
    env = production_env(tmp_path, database_url)
    metrics_dir = Path(env["PROMETHEUS_MULTIPROC_DIR"])
    metrics_dir.mkdir()
    (metrics_dir / "counter_1.db").write_bytes(b"stale")  # the entrypoint must clear it
    started = time.monotonic()
    served = start_entrypoint(env, tmp_path)
    try:
        ready = served.wait_ready()
        print(f"migrated and ready with {WORKERS} workers in {time.monotonic() - started:.1f} s")
        assert ready["database"] == "ok" and ready["migrations"] == "current", ready
        assert not (metrics_dir / "counter_1.db").exists()
        shopdb(env, tmp_path, "seed", "reference-data")
        shopdb(env, tmp_path, "user", "create", "admin", "--role", "admin", "--password-stdin",
               stdin=f"{ADMIN_PASSWORD}\n")

        response = httpx.post(f"{served.url}/graphql", timeout=30, json={
            "query": LOGIN, "variables": {"u": "admin", "p": ADMIN_PASSWORD}})
        login = response.json()["data"]["login"]
        assert login["errors"] == [] and login["user"]["role"] == "ADMIN", login
        assert all("secure" in c.lower() for c in response.headers.get_list("set-cookie"))
        token = login["accessToken"]

        assert len(served.worker_pids()) == WORKERS, served.output()
        sent = spread_queries(served, token, metrics_dir)
        assert httpx.get(f"{served.url}/metrics", timeout=10).status_code == 401
        metrics = httpx.get(f"{served.url}/metrics", timeout=10,
                            headers={"authorization": f"Bearer {METRICS_TOKEN}"})
        assert metrics.status_code == 200
        assert requests_counted(metrics.text) == sent  # summed over both workers
        print(f"/metrics counted all {sent} queries, answered by both workers")
        check_json_logs(served, "deploy-q-0")

        check_graceful_shutdown(served, token)
    finally:
        served.stop()


@pytest.mark.parametrize(("overrides", "problems"), [
    ({"SHOPDB_SECRET_KEY": "changeme", "SHOPDB_CORS_ORIGINS": "*",
      "SHOPDB_COOKIE_SECURE": "false"},
     ["SHOPDB_SECRET_KEY is weak", "SHOPDB_CORS_ORIGINS: '*' allows every site",
      "SHOPDB_COOKIE_SECURE must be true"]),
    ({"SHOPDB_SECRET_KEY": ""}, ["SHOPDB_SECRET_KEY is missing"]),
], ids=["weak-secret-star-cors-insecure-cookies", "no-secret"])
def test_production_refuses_to_start_on_a_weak_configuration(
    tmp_path: Path, overrides: dict[str, str], problems: list[str]
) -> None:
    env = production_env(tmp_path, f"{MYSQL_SERVER}/unused", **overrides)
    port = free_port()
    done = subprocess.run([shopdb_bin(), "serve", "--host", "127.0.0.1", "--port", str(port)],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert not listening(port)
    message = done.stderr.strip()
    assert len(message.splitlines()) == 1, message  # one message listing every problem
    assert message.startswith(f"Error: invalid configuration ({len(problems)} problem(s))")
    for problem in problems:
        assert problem in message, message
    assert "Started" not in done.stdout + done.stderr
