"""The real OpenID Connect provider of the tests: tests/oidc/provider.mjs (npm
``oidc-provider``, installed by ``make test`` into tests/oidc/node_modules) on a free port.

When Node or the package is missing, or the provider does not start, the test FAILS with
the reason: single sign-on is never reported as tested when it was not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.harness import ROOT, free_port

PROVIDER_DIR = ROOT / "tests" / "oidc"
CLIENT_ID = "shopdb"
CLIENT_SECRET = "shopdb-test-secret"
#: SHOPDB_*_GROUPS matching the provider's test accounts (see provider.mjs).
GROUP_SETTINGS = {"admin_groups": "CN=Shop Admins,OU=Groups,DC=example,DC=test",
                  "editor_groups": "Shop Editors", "viewer_groups": "Everyone"}


def provider_problem() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed: the OpenID Connect tests need Node.js 20+"
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return ("tests/oidc/node_modules is missing: run `make tests/oidc/node_modules/.stamp`"
                " (or `cd tests/oidc && npm ci`)")
    return None


class ProviderUnavailable(RuntimeError):
    """Node, the package, or the provider's start failed; the message says which."""


@contextmanager
def run_provider(redirect_uris: list[str], post_logout_uris: list[str], log: Path,
                 port: int | None = None) -> Iterator[str]:
    """Run the provider; yield its issuer URL. ProviderUnavailable if it cannot run."""
    if problem := provider_problem():
        raise ProviderUnavailable(problem)
    port = port or free_port()
    env = {**os.environ, "OIDC_PORT": str(port), "OIDC_REDIRECT_URIS": ",".join(redirect_uris),
           "OIDC_POST_LOGOUT_URIS": ",".join(post_logout_uris), "OIDC_CLIENT_ID": CLIENT_ID,
           "OIDC_CLIENT_SECRET": CLIENT_SECRET}
    issuer = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        # stdin stays open while we live: the provider exits when it closes.
        process = subprocess.Popen(["node", "provider.mjs"], cwd=PROVIDER_DIR, env=env,
                                   stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{issuer}/.well-known/openid-configuration",
                                 timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise ProviderUnavailable("it did not start:\n"
                                              + log.read_text(errors="replace"))
                time.sleep(0.1)
            yield issuer
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def oidc_provider(redirect_uris: list[str], post_logout_uris: list[str], log: Path,
                  port: int | None = None) -> Iterator[str]:
    """:func:`run_provider` for pytest: the test FAILS (never skips) when it cannot run."""
    try:
        provider = run_provider(redirect_uris, post_logout_uris, log, port)
        issuer = provider.__enter__()
    except ProviderUnavailable as exc:
        pytest.fail(f"OpenID Connect provider NOT AVAILABLE: {exc}", pytrace=False)
    try:
        yield issuer
    finally:
        provider.__exit__(None, None, None)
