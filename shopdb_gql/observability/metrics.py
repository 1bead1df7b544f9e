"""Prometheus metrics: GraphQL requests and latency by operation, ingest results, schema rebuilds.

uvicorn runs several worker processes, each with its own counters. When
``PROMETHEUS_MULTIPROC_DIR`` is set (the container image sets it), every process writes its
samples to files in that directory and :func:`metrics_endpoint` sums them, so a scrape
answered by any worker reports the whole server. The variable must be set before the
process starts and the directory emptied when the server starts (the container entrypoint
does both). There are no gauges, so no clean-up is needed when a worker exits.

Operation names come from clients, so they are bounded before they become label values:
anonymous operations are ``anonymous``, malformed names ``invalid``, and once
:data:`MAX_OPERATIONS` distinct names were seen in a process further ones are ``other``.
"""

from __future__ import annotations

import hmac
import os
import re
from typing import Final

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

__all__ = [
    "MAX_OPERATIONS",
    "count_ingest",
    "count_schema_rebuild",
    "metrics_endpoint",
    "observe_request",
    "operation_label",
    "render_metrics",
]

MULTIPROC_DIR_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"

#: Distinct operation names a process labels before it reports the rest as ``other``.
MAX_OPERATIONS = 200

ANONYMOUS: Final = "anonymous"
INVALID: Final = "invalid"
OTHER: Final = "other"

_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def _ensure_multiproc_dir() -> None:
    # Samples are written as soon as a labelled child exists, so the directory must too.
    path = os.environ.get(MULTIPROC_DIR_ENV)
    if path:
        os.makedirs(path, exist_ok=True)


_ensure_multiproc_dir()

REQUESTS = Counter(
    "shopdb_graphql_requests",
    "GraphQL operations executed, by operation name.",
    ["operation"],
)
ERRORS = Counter(
    "shopdb_graphql_errors",
    "GraphQL operations whose result carried errors, by operation name.",
    ["operation"],
)
LATENCY = Histogram(
    "shopdb_graphql_request_duration_seconds",
    "Time to execute a GraphQL operation, by operation name.",
    ["operation"],
    buckets=_LATENCY_BUCKETS,
)
INGEST_RECORDS = Counter(
    "shopdb_ingest_records",
    "Records received through ingest mutations, by asset kind and result status.",
    ["kind", "status"],
)
SCHEMA_REBUILDS = Counter(
    "shopdb_schema_rebuilds",
    "GraphQL schema rebuilds (plugin enabled or disabled), by result (ok or error).",
    ["result"],
)
for _result in ("ok", "error"):
    SCHEMA_REBUILDS.labels(result=_result)  # exported as 0 from the start, so rate() works

_seen_operations: set[str] = set()


def operation_label(name: str | None) -> str:
    """The label value for GraphQL operation ``name`` (bounded, see the module docstring)."""
    if not name:
        return ANONYMOUS
    if not _NAME.fullmatch(name):
        return INVALID
    if name not in _seen_operations:
        if len(_seen_operations) >= MAX_OPERATIONS:
            return OTHER
        _seen_operations.add(name)
    return name


def _plain_label(value: str) -> str:
    return value if _NAME.fullmatch(value) else INVALID


def observe_request(operation: str | None, seconds: float, errored: bool) -> None:
    """Record one executed GraphQL operation: its duration and whether it had errors."""
    label = operation_label(operation)
    REQUESTS.labels(operation=label).inc()
    LATENCY.labels(operation=label).observe(max(seconds, 0.0))
    if errored:
        ERRORS.labels(operation=label).inc()


def count_ingest(kind: str, status: str, n: int) -> None:
    """Count ``n`` ingest records of asset ``kind`` that ended with ``status`` (e.g. ``created``).

    Raises:
        ValueError: ``n`` is negative.
    """
    if n < 0:
        raise ValueError(f"count_ingest: n must be >= 0, got {n}")
    if n:
        INGEST_RECORDS.labels(kind=_plain_label(kind), status=_plain_label(status)).inc(n)


def count_schema_rebuild(ok: bool) -> None:
    """Count one schema rebuild, successful or failed."""
    SCHEMA_REBUILDS.labels(result="ok" if ok else "error").inc()


def render_metrics() -> bytes:
    """All metrics in the Prometheus text format, summed over workers in multiprocess mode."""
    if os.environ.get(MULTIPROC_DIR_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


async def metrics_endpoint(request: Request) -> Response:
    """Starlette endpoint serving :func:`render_metrics` (mounted at ``/metrics``).

    With ``SHOPDB_METRICS_TOKEN`` set, the scraper must send ``Authorization: Bearer
    <token>``; without one, production does not serve metrics at all (they describe the
    site's traffic and operations to whoever asks), development and test do.
    """
    settings = getattr(request.app.state, "settings", None)  # None: mounted on its own
    token = settings.metrics_token if settings is not None else ""
    if token:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            return Response("metrics need 'Authorization: Bearer <SHOPDB_METRICS_TOKEN>'\n",
                            status_code=401, media_type="text/plain",
                            headers={"WWW-Authenticate": "Bearer"})
    elif settings is not None and settings.is_production:
        return Response("Not Found\n", status_code=404, media_type="text/plain")
    # Multiprocess mode reads one file per worker and metric: keep it off the event loop.
    body = await run_in_threadpool(render_metrics)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
