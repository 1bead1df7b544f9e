"""Unexpected errors are masked with a code and the request id, never raw driver text or
plain-text 500s, for JWT and API-token callers alike (hardening #11)."""

from __future__ import annotations

import asyncio
import secrets
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
            server.stop()
