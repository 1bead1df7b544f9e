"""Structured logging with request context, and the Prometheus metrics endpoint."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from shopdb_gql.observability import (
    RequestContextMiddleware,
    configure_logging,
    count_ingest,
    count_schema_rebuild,
    logging_config,
    metrics_endpoint,
    observe_request,
    operation_name,
    request_id,
)
from shopdb_gql.observability import metrics as metrics_module

REPO_ROOT = Path(__file__).resolve().parent.parent
_UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi")


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Undo configure_logging's changes to the root and uvicorn loggers after the test."""
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in _UVICORN_LOGGERS)]
    saved = [(lg, lg.handlers[:], lg.level, lg.propagate) for lg in loggers]
    yield
    for lg, handlers, level, propagate in saved:
        lg.handlers[:] = handlers
        lg.setLevel(level)
        lg.propagate = propagate


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- logging -----------------------------------------------------------------------


@pytest.mark.usefixtures("restore_logging")
def test_json_lines_carry_context_and_extras(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("info", json=True)
    log = logging.getLogger("shopdb_gql.test")
    log.info("outside a request")
    rid_token = request_id.set("req-1")
    op_token = operation_name.set("ComputersPage")
    try:
        log.warning("slow %s", "query", extra={"elapsed_ms": 812, "where": Path("/x")})
        log.debug("below the level")
    finally:
        operation_name.reset(op_token)
        request_id.reset(rid_token)

    outside, inside = json_lines(capsys.readouterr().out)
    assert outside["message"] == "outside a request"
    assert outside["request_id"] is None and outside["operation"] is None
    assert inside["message"] == "slow query"
    assert inside["level"] == "WARNING"
    assert inside["logger"] == "shopdb_gql.test"
    assert inside["request_id"] == "req-1"
    assert inside["operation"] == "ComputersPage"
    assert inside["elapsed_ms"] == 812
    assert inside["where"] == "/x"  # not JSON-native: written as str()
    assert inside["time"].endswith("+00:00")


@pytest.mark.usefixtures("restore_logging")
def test_json_exception_and_uvicorn_access_fields(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", json=True)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("shopdb_gql.test").exception("resolver failed")
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d', "10.0.0.7:5123", "POST", "/graphql", "1.1", 200
    )

    failure, access = json_lines(capsys.readouterr().out)
    assert failure["level"] == "ERROR"
    assert "RuntimeError: boom" in failure["exc_info"]
    assert access["message"] == '10.0.0.7:5123 - "POST /graphql HTTP/1.1" 200'
    assert access["method"] == "POST" and access["path"] == "/graphql"
    assert access["status"] == 200


@pytest.mark.usefixtures("restore_logging")
def test_text_format_shows_context(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("DEBUG", json=False)
    token = request_id.set("abc123")
    try:
        logging.getLogger("shopdb_gql.test").debug("hello")
    finally:
        request_id.reset(token)
    logging.getLogger("shopdb_gql.test").debug("plain")
    with_context, plain = capsys.readouterr().out.splitlines()
    assert "shopdb_gql.test [abc123 -]: hello" in with_context
    assert "shopdb_gql.test: plain" in plain


@pytest.mark.usefixtures("restore_logging")
def test_readiness_probes_do_not_log_alembic_context_lines(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", json=False)
    logging.getLogger("alembic.runtime.migration").info("Context impl SQLiteImpl.")
    logging.getLogger("alembic.runtime.migration").warning("revision missing")
    logging.getLogger("shopdb_gql.test").info("kept")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "revision missing" in lines[0] and "kept" in lines[1], lines


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown log level 'LOUD'"):
        configure_logging("LOUD", json=True)


def _context_app() -> Starlette:
    async def whoami(request: Request) -> JSONResponse:
        operation_name.set("Whoami")
        logging.getLogger("shopdb_gql.test").info("handled")
        return JSONResponse(
            {"request_id": request_id.get(), "state": request.state.request_id}
        )

    app = Starlette(routes=[Route("/whoami", whoami)])
    app.add_middleware(RequestContextMiddleware)
    return app


@pytest.mark.usefixtures("restore_logging")
def test_middleware_sets_and_echoes_request_id(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", json=True)
    with TestClient(_context_app()) as client:
        kept = client.get("/whoami", headers={"X-Request-ID": "proxy-7f3a.1"})
        generated = client.get("/whoami")
        forged = client.get("/whoami", headers={"X-Request-ID": "x" * 129})

    assert kept.headers["x-request-id"] == "proxy-7f3a.1"
    assert kept.json() == {"request_id": "proxy-7f3a.1", "state": "proxy-7f3a.1"}
    new_id = generated.headers["x-request-id"]
    assert len(new_id) == 32 and generated.json()["request_id"] == new_id
    assert forged.headers["x-request-id"] != "x" * 129
    assert request_id.get() is None and operation_name.get() is None

    lines = [e for e in json_lines(capsys.readouterr().out) if e["message"] == "handled"]
    assert [(e["request_id"], e["operation"]) for e in lines] == [
        ("proxy-7f3a.1", "Whoami"),
        (new_id, "Whoami"),
        (forged.headers["x-request-id"], "Whoami"),
    ]


@pytest.mark.usefixtures("restore_logging")
def test_config_serves_as_uvicorn_log_config(capsys: pytest.CaptureFixture[str]) -> None:
    """uvicorn pickles its config into each worker process and applies log_config there."""
    import pickle

    import uvicorn

    config = pickle.loads(pickle.dumps(logging_config("INFO", json=True)))
    uvicorn.Config("shopdb_gql.app:app_factory", log_config=config).configure_logging()
    logging.getLogger("uvicorn.error").info("Application startup complete.")
    (line,) = json_lines(capsys.readouterr().out)
    assert line["logger"] == "uvicorn.error" and line["message"] == "Application startup complete."


# --- metrics -----------------------------------------------------------------------


def scrape() -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """GET /metrics from a one-route app and index its samples by (name, labels)."""
    with TestClient(Starlette(routes=[Route("/metrics", metrics_endpoint)])) as client:
        response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def sample(samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str,
           **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_requests_latency_and_errors_by_operation() -> None:
    before = scrape()
    observe_request("AssetsPage", 0.02, errored=False)
    observe_request("AssetsPage", 0.3, errored=True)
    observe_request(None, 0.001, errored=False)
    after = scrape()

    def delta(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert delta("shopdb_graphql_requests_total", operation="AssetsPage") == 2
    assert delta("shopdb_graphql_errors_total", operation="AssetsPage") == 1
    assert delta("shopdb_graphql_requests_total", operation="anonymous") == 1
    duration = "shopdb_graphql_request_duration_seconds"
    assert delta(f"{duration}_count", operation="AssetsPage") == 2
    assert delta(f"{duration}_sum", operation="AssetsPage") == pytest.approx(0.32)
    assert delta(f"{duration}_bucket", operation="AssetsPage", le="0.025") == 1
    assert delta(f"{duration}_bucket", operation="AssetsPage", le="0.5") == 2


def test_ingest_records_by_kind_and_status() -> None:
    before = scrape()
    count_ingest("computer", "created", 3)
    count_ingest("computer", "rejected", 1)
    count_ingest("computer", "unchanged", 0)
    after = scrape()
    name = "shopdb_ingest_records_total"
    for status, expected in (("created", 3), ("rejected", 1), ("unchanged", 0)):
        got = sample(after, name, kind="computer", status=status) - sample(
            before, name, kind="computer", status=status
        )
        assert got == expected, status
    with pytest.raises(ValueError, match="n must be >= 0"):
        count_ingest("computer", "created", -1)


def test_schema_rebuilds_by_result() -> None:
    before = scrape()
    assert ("shopdb_schema_rebuilds_total", frozenset({("result", "error")})) in before
    count_schema_rebuild(ok=True)
    count_schema_rebuild(ok=False)
    count_schema_rebuild(ok=True)
    after = scrape()
    name = "shopdb_schema_rebuilds_total"
    assert sample(after, name, result="ok") - sample(before, name, result="ok") == 2
    assert sample(after, name, result="error") - sample(before, name, result="error") == 1


def test_operation_labels_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metrics_module, "_seen_operations", set())
    monkeypatch.setattr(metrics_module, "MAX_OPERATIONS", 2)
    label = metrics_module.operation_label
    assert label("") == "anonymous"
    assert label("drop table; --") == "invalid"
    assert label("x" * 65) == "invalid"
    assert [label("A"), label("B"), label("C"), label("A")] == ["A", "B", "other", "A"]


MULTIPROCESS_WORKER = textwrap.dedent(
    """
    from shopdb_gql.observability import count_ingest, count_schema_rebuild, observe_request
    observe_request("Dashboard", 0.05, errored=False)
    count_ingest("printer", "updated", 2)
    count_schema_rebuild(ok=True)
    """
)
MULTIPROCESS_SCRAPE = textwrap.dedent(
    """
    from starlette.applications import Starlette
    from starlette.routing import Route
    from starlette.testclient import TestClient
    from shopdb_gql.observability import metrics_endpoint
    with TestClient(Starlette(routes=[Route("/metrics", metrics_endpoint)])) as client:
        print(client.get("/metrics").text)
    """
)


def test_multiprocess_mode_sums_all_workers(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),  # created on import
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]),
    }

    def run(code: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    run(MULTIPROCESS_WORKER)
    run(MULTIPROCESS_WORKER)
    text = run(MULTIPROCESS_SCRAPE)
    samples = {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    assert sample(samples, "shopdb_graphql_requests_total", operation="Dashboard") == 2
    assert sample(
        samples, "shopdb_ingest_records_total", kind="printer", status="updated"
    ) == 4
    assert sample(samples, "shopdb_schema_rebuilds_total", result="ok") == 2
    assert sample(
        samples, "shopdb_graphql_request_duration_seconds_count", operation="Dashboard"
    ) == 2

