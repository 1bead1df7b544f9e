"""Unexpected errors are masked with a code and the request id, never raw driver text or
plain-text 500s, for JWT and API-token callers alike (hardening #11)."""

from __future__ import annotations

import asyncio
import logging
import secrets
import socket
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests import harness
from tests.harness import Client, Server, login

pytestmark = [pytest.mark.once]


def test_a_vanished_database_gives_masked_coded_errors(tmp_path: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    if not harness.mysql_answers():
        print("SKIPPING: nothing answers on 127.0.0.1:3306, no MariaDB to take away")
        pytest.skip("no MariaDB/MySQL on 127.0.0.1:3306")
    with harness.local_mysql_database() as url:
        settings = harness.test_settings(url)
        harness.prepare(settings, demo=False)
        production = harness.test_settings(
            url, env="production", secret_key=secrets.token_urlsafe(48), cookie_secure=True,
            schema_poll_seconds=60, db_pool_timeout=1)
        server = Server(production).start()
        try:
            admin = Client(server.url, login(Client(server.url), "admin",
                                             harness.PASSWORDS["admin"])["accessToken"])
            made = admin.data("""mutation { createApiToken(input: {name: "mask", scopes: ["read"]})
              { secret } }""")["createApiToken"]["secret"]
            name = url.rsplit("/", 1)[1]

            async def drop() -> None:
                engine = create_async_engine(harness.LOCAL_MYSQL)
                async with engine.begin() as conn:
                    await conn.execute(text(f"DROP DATABASE {name}"))
                await engine.dispose()

            asyncio.run(drop())
            for client in (admin, Client(server.url, made)):
                response = client.post("{ assets(first: 1) { totalCount } }")
                assert response.headers["content-type"].startswith("application/json"), (
                    response.text)
                body = response.json()
                errors = body["errors"]
                assert all(e["extensions"]["code"] in ("INTERNAL_SERVER_ERROR", "UNAVAILABLE",
                                                       "UNAUTHENTICATED") for e in errors), body
                text_ = response.text.lower()
                assert "pymysql" not in text_ and "1049" not in text_ and "queuepool" not in text_
                assert "1146" not in text_ and "operationalerror" not in text_
                coded = [e for e in errors if e["extensions"]["code"] != "UNAUTHENTICATED"]
                for error in coded:
                    assert error["extensions"]["requestId"] in error["message"]
            # The full error is in the log, with the request id, for the operator.
            assert any("request" in r.getMessage() for r in caplog.records)
            probe = httpx.get(f"{server.url}/readyz")
            assert probe.status_code == 503 and probe.json()["status"] == "unavailable"
        finally:
            server.stop(check_counts=False)  # its database is gone


def _half_sent(url: str, path: str, headers: dict[str, str]) -> None:
    """A POST whose client hangs up after 10 of the 10,000 bytes it announced."""
    host, port = url.removeprefix("http://").split(":")
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}", "Content-Length: 10000",
             *(f"{k}: {v}" for k, v in headers.items())]
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + b'{"query": ')
        time.sleep(0.2)


def test_a_client_that_hangs_up_mid_body_is_not_a_server_error(
        server: Server, tokens: dict[str, str], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    bearer = {"Authorization": f"Bearer {tokens['editor']}"}
    _half_sent(server.url, "/graphql", {"Content-Type": "application/json"})
    _half_sent(server.url, "/import/parse", {**bearer, "Content-Type": "application/octet-stream"})
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        gone = [r for r in caplog.records if "disconnected" in r.getMessage()]
        if len(gone) >= 2:
            break
        time.sleep(0.05)
    assert len(gone) == 2, [r.getMessage() for r in caplog.records]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], (
        [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR])
    # The server goes on answering.
    assert Client(server.url).post("{ __typename }").json() == {"data": {"__typename": "Query"}}
