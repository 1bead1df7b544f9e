"""``make bench``: N concurrent clients against ``shopdb serve --workers 2`` for a while.

The read benchmark (run.py) measures one request at a time; this one looks for what only
concurrency shows: a pool that stalls under a burst, errors that appear with contention,
workers whose memory grows. Each client is a closed loop (send, wait for the answer, send
the next) drawing from a mix of list, detail, search and small-mutation operations, after
a first burst (every client's first request a mutation, all at the same instant). The
server runs in a process of its own on MariaDB when one answers on 127.0.0.1:3306 (else
SQLite); the clients share this process's event loop and talk to it over loopback only.
They use aiohttp, whose HTTP handling is compiled: with httpx this process took a third
to a half of one of the machine's two cores at 200 requests/s, CPU the workers it
measures then lacked.

    python -m tests.benchmarks.load [--clients 50] [--duration 180] [--workers 2] [--no-burst]

prints Markdown tables (throughput, p50/p95/p99 per operation kind, errors by kind, worker
RSS at start and end) for docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import orjson

from tests.benchmarks.run import seed
from tests.harness import (
    PASSWORDS,
    ROOT,
    Client,
    free_port,
    fresh_database,
    login,
    mysql_answers,
    prepare,
    spawned,
    test_settings,
)

MYSQL_SERVER = "mysql+aiomysql://root@127.0.0.1:3306/test"

LIST = """{ assets(first: 50) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id assetTag name kind serialNumber status { name } location { name }
          position { x y source } relationships { type targetId } } } }"""
DETAIL = """query($id: ID!) { asset(id: $id) { id assetTag name kind serialNumber notes
  status { name } location { name } position { x y source }
  relationships { type targetId target { id name } } history(first: 5) { action createdAt } } }"""
SEARCH = "query($t: String!) { search(text: $t, first: 20) { objectType id title } }"
NOTES = """mutation($id: ID!, $n: String) { setAssetNotes(id: $id, notes: $n) {
  asset { id notes } errors { code message } } }"""
SEARCH_TERMS = ("bench-1", "bench-42", "B-0001", "PC", "cnc", "switch", "printer", "zzz-none")
DEFAULT_MIX = "list=30,detail=35,search=20,mutation=15"


@dataclass
class Results:
    """Latencies (ms, every completed request) and outcomes per operation kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    outcomes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    #: (seconds since the start when the answer came, ms, kind): when the slow ones happen.
    timeline: list[tuple[float, float, str]] = field(default_factory=list)
    #: The server's own account (Server-Timing, with admission on): ms queued, ms run.
    server: list[tuple[float, float]] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    def record(self, kind: str, ms: float, outcome: str, timing: str | None = None) -> None:
        self.latencies[kind].append(ms)
        self.outcomes[kind][outcome] += 1
        self.timeline.append((time.perf_counter() - self.started, ms, kind))
        parts = dict(part.strip().split(";dur=") for part in timing.split(",")) if timing else {}
        if "queue" in parts and "run" in parts:
            self.server.append((float(parts["queue"]), float(parts["run"])))


@dataclass(frozen=True)
class Plan:
    """What every client does: the operation weights, when to stop, the seed, the burst."""

    mix: dict[str, int]
    deadline: float
    seed: int
    burst: bool


@dataclass(frozen=True)
class Target:
    url: str
    viewer: str
    editor: str
    asset_ids: list[str]


def classify(kind: str, status: int, content: bytes) -> str:
    """``ok``, or the kind of error: HTTP status, GraphQL error code, payload error code."""
    if status != 200:
        return f"http {status}"
    try:
        body = orjson.loads(content)
    except ValueError:
        return "not JSON"
    errors = body.get("errors") if isinstance(body, dict) else None
    if errors:
        return f"graphql {(errors[0].get('extensions') or {}).get('code', 'no code')}"
    if kind == "mutation":
        payload_errors = (body["data"]["setAssetNotes"] or {}).get("errors") or []
        if payload_errors:
            return f"payload {payload_errors[0].get('code')}"
    return "ok"


def request_for(kind: str, rng: random.Random, target: Target) -> tuple[str, dict[str, Any], str]:
    """(query, variables, token) of one operation of ``kind``."""
    if kind == "list":
        return LIST, {}, target.viewer
    if kind == "detail":
        return DETAIL, {"id": rng.choice(target.asset_ids)}, target.viewer
    if kind == "search":
        return SEARCH, {"t": rng.choice(SEARCH_TERMS)}, target.viewer
    notes = f"load test {rng.randrange(1_000_000)}"
    return NOTES, {"id": rng.choice(target.asset_ids), "n": notes}, target.editor


async def send(kind: str, http: aiohttp.ClientSession, target: Target, rng: random.Random,
               results: Results, label: str | None = None) -> None:
    """One operation of ``kind``, its latency and outcome recorded under ``label or kind``."""
    query, variables, token = request_for(kind, rng, target)
    started = time.perf_counter()
    timing = None
    try:
        async with http.post(f"{target.url}/graphql",
                             data=orjson.dumps({"query": query, "variables": variables}),
                             headers={"authorization": f"Bearer {token}",
                                      "content-type": "application/json"}) as response:
            outcome = classify(kind, response.status, await response.read())
            timing = response.headers.get("server-timing")
    except TimeoutError:
        outcome = "timeout (30 s)"
    except aiohttp.ClientError as exc:
        outcome = f"transport {type(exc).__name__}"
    results.record(label or kind, (time.perf_counter() - started) * 1000, outcome, timing)


async def client_loop(index: int, http: aiohttp.ClientSession, target: Target, plan: Plan,
                      results: Results) -> None:
    """One client: with ``plan.burst``, first a mutation sent at the same instant as every
    other client's (the burst that exhausts a pool); then send, wait, send again until the
    deadline (closed loop, no think time)."""
    rng = random.Random(plan.seed * 10_000 + index)
    kinds, weights = list(plan.mix), list(plan.mix.values())
    if plan.burst:
        await send("mutation", http, target, rng, results, label="burst mutation")
    while time.monotonic() < plan.deadline:
        await send(rng.choices(kinds, weights)[0], http, target, rng, results)


async def run_clients(target: Target, args: argparse.Namespace, mix: dict[str, int]) -> tuple[Results, float]:
    results = Results()
    connector = aiohttp.TCPConnector(limit=args.clients)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        started = time.monotonic()
        plan = Plan(mix, started + args.duration, args.seed, args.burst)
        await asyncio.gather(*(client_loop(i, http, target, plan, results) for i in range(args.clients)))
        return results, time.monotonic() - started


def worker_pids(parent: int) -> list[int]:
    """The uvicorn worker processes under ``shopdb serve`` (its children but the
    multiprocessing resource tracker)."""
    pids = []
    for task in Path(f"/proc/{parent}/task").iterdir():
        children = (task / "children").read_text().split()
        pids += [int(pid) for pid in children]
    return [pid for pid in pids
            if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def latency_row(name: str, times: list[float], outcomes: Counter[str], seconds: float) -> str:
    ordered = sorted(times)
    errors = sum(n for outcome, n in outcomes.items() if outcome != "ok")
    p50, p95, p99 = (percentile(ordered, p) for p in (50, 95, 99))
    rate = len(times) / seconds
    return f"| {name} | {len(times)} | {errors} | {rate:.1f} | {p50:.0f} | {p95:.0f} | {p99:.0f} |"


def report(results: Results, seconds: float, memory: dict[int, tuple[float, float]], header: str,
           window: float = 15.0) -> str:
    lines = [header, "", "| operation | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    everything: list[float] = []
    overall: Counter[str] = Counter()
    for kind in sorted(results.latencies):
        lines.append(latency_row(kind, results.latencies[kind], results.outcomes[kind], seconds))
        everything += results.latencies[kind]
        overall.update(results.outcomes[kind])
    lines.append(latency_row("**all**", everything, overall, seconds))
    errors = [(kind, outcome, n) for kind, counts in sorted(results.outcomes.items())
              for outcome, n in counts.most_common() if outcome != "ok"]
    lines += ["", "| operation | error | count |", "| --- | --- | ---: |"]
    lines += [f"| {kind} | {outcome} | {n} |" for kind, outcome, n in errors] or ["| - | none | 0 |"]
    lines += ["", "| worker pid | RSS at start MiB | RSS at end MiB |", "| --- | ---: | ---: |"]
    lines += [f"| {pid} | {start:.0f} | {end:.0f} |" for pid, (start, end) in sorted(memory.items())]
    if results.server:
        queued = sorted(q for q, _ in results.server)
        ran = sorted(r for _, r in results.server)
        lines += ["", "Server-Timing (the workers' own account, ms): "
                  f"queued p50 {percentile(queued, 50):.0f}, p95 {percentile(queued, 95):.0f}, "
                  f"max {queued[-1]:.0f}; ran p50 {percentile(ran, 50):.0f}, "
                  f"p95 {percentile(ran, 95):.0f}, max {ran[-1]:.0f}"]
    return "\n".join([*lines, "", *timeline(results.timeline, window)])


def timeline(answers: list[tuple[float, float, str]], window: float) -> list[str]:
    """Throughput and latency per ``window`` seconds of the run, and the slowest answers
    with when they came: a slow average and a few stalls look alike in percentiles only."""
    windows: dict[int, list[float]] = defaultdict(list)
    for at, ms, _ in answers:
        windows[int(at // window)].append(ms)
    lines = ["| from s | requests | req/s | p50 ms | p95 ms | max ms |",
             "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for index in sorted(windows):
        ordered = sorted(windows[index])
        lines.append(f"| {index * window:.0f} | {len(ordered)} | {len(ordered) / window:.1f} | "
                     f"{percentile(ordered, 50):.0f} | {percentile(ordered, 95):.0f} | "
                     f"{ordered[-1]:.0f} |")
    slowest = sorted(answers, key=lambda a: a[1], reverse=True)[:10]
    lines += ["", "slowest answers (s since start, ms, operation): " + ", ".join(
        f"{at:.1f} s {ms:.0f} ms {kind}" for at, ms, kind in sorted(slowest))]
    return lines


@contextmanager
def database(kind: str, tmp: Path) -> Iterator[str]:
    """A fresh database: on MariaDB/MySQL at 127.0.0.1:3306 when asked (or, for ``auto``,
    when one answers), else SQLite."""
    use_mysql = kind == "mysql" or (kind == "auto" and mysql_answers())
    if use_mysql:
        os.environ.setdefault("SHOPDB_TEST_DATABASE_URL", MYSQL_SERVER)
    else:
        os.environ.pop("SHOPDB_TEST_DATABASE_URL", None)
    with fresh_database(tmp) as url:
        yield url


def discover(url: str) -> Target:
    viewer = login(Client(url), "viewer", PASSWORDS["viewer"])["accessToken"]
    editor = login(Client(url), "editor", PASSWORDS["editor"])["accessToken"]
    nodes = Client(url, viewer).data("{ assets(first: 500) { nodes { id } } }")["assets"]["nodes"]
    return Target(url, viewer, editor, [node["id"] for node in nodes])


def parse_mix(text: str) -> dict[str, int]:
    mix = {name: int(weight) for name, weight in (part.split("=") for part in text.split(","))}
    unknown = set(mix) - {"list", "detail", "search", "mutation"}
    if unknown or not any(mix.values()):
        raise SystemExit(f"--mix: unknown kinds {sorted(unknown)} or all weights zero: {text}")
    return mix


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients [50]")
    parser.add_argument("--duration", type=float, default=180, help="seconds of load [180]")
    parser.add_argument("--workers", type=int, default=2, help="shopdb serve --workers [2]")
    parser.add_argument("--assets", type=int, default=2000, help="bulk assets seeded besides the demo")
    parser.add_argument("--database", choices=["auto", "mysql", "sqlite"], default="auto")
    parser.add_argument("--mix", default=DEFAULT_MIX, help=f"operation weights [{DEFAULT_MIX}]")
    parser.add_argument("--seed", type=int, default=1, help="seed of the clients' choices")
    parser.add_argument("--window", type=float, default=15, help="seconds per timeline row [15]")
    parser.add_argument("--burst", action=argparse.BooleanOptionalAction, default=True,
                        help="start with one setAssetNotes per client, all at once [on]")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    mix = parse_mix(args.mix)
    with tempfile.TemporaryDirectory() as tmp, database(args.database, Path(tmp)) as url:
        prepare(test_settings(url), demo=True)
        asyncio.run(seed(url, args.assets))
        port = free_port()
        api = f"http://127.0.0.1:{port}"
        env = {"SHOPDB_ENV": "test", "SHOPDB_DATABASE_URL": url, "SHOPDB_LOG_LEVEL": "WARNING",
               "SHOPDB_BUNDLED_PLUGINS_DIR": str(ROOT / "plugins"), "SHOPDB_PLUGIN_PATHS": "[]"}
        shopdb = [str(Path(sys.executable).parent / "shopdb"), "serve", "--port", str(port),
                  "--workers", str(args.workers)]
        with spawned(shopdb, f"{api}/readyz", Path(tmp) / "api.log", env=env) as process:
            target = discover(api)
            pids = worker_pids(process.pid)
            start_rss = {pid: rss_mib(pid) for pid in pids}
            results, seconds = asyncio.run(run_clients(target, args, mix))
            memory = {pid: (start_rss[pid], rss_mib(pid)) for pid in pids if Path(f"/proc/{pid}").exists()}
        backend = url.split(":", 1)[0]
    header = (f"{args.clients} clients, {seconds:.0f} s, `shopdb serve --workers {args.workers}` "
              f"on {backend}, {args.assets} + demo assets, mix {args.mix}, "
              f"{'a burst of ' + str(args.clients) + ' mutations first, ' if args.burst else ''}"
              f"load average {os.getloadavg()[0]:.1f}")
    print(report(results, seconds, memory, header, args.window))


if __name__ == "__main__":
    main()
