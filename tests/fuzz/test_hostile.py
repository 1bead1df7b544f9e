"""The hostile corpus (tests/fuzz/hostile.py) against the fuzz server: each request must be
refused cleanly - a GraphQL error with a code, or a 4xx JSON body - within the answer bound,
must change nothing, and must leave the server answering."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.fuzz.conftest import Sessions
from tests.fuzz.hostile import CORPUS, Hostile, fill
from tests.fuzz.oracle import Answer, contract_problems, rejection_problems, send
from tests.harness import Client, Server

_STATE = '{ asset(id: "@ASSET@") { notes updatedAt position { x y source } } }'


@pytest.fixture(scope="module")
def targets(fuzz_server: Server, sessions: Sessions) -> dict[str, list[str]]:
    """Existing assets (one per case) and a USB device of the fuzz database to aim at."""
    client = Client(fuzz_server.url, sessions.token("admin"))
    data = client.data(f"{{ assets(first: {len(CORPUS)}) {{ nodes {{ id }} }} "
                       "usbDevices(first: 1) { nodes { id } } }")
    assets = [node["id"] for node in data["assets"]["nodes"]]
    assert len(assets) == len(CORPUS), "the demo data has too few assets for the corpus"
    return {"asset": assets, "usb": [node["id"] for node in data["usbDevices"]["nodes"]]}


def _problems(case: Hostile, answer: Answer) -> list[str]:
    """Refused, or - where the case allows it - answered ``null`` or with a payload error."""
    if case.may_be_null and _is_plain_null(answer.body, case.may_be_null):
        return contract_problems(answer)
    payload_codes = _payload_error_codes(answer.body)
    if payload_codes and None not in payload_codes:
        return contract_problems(answer)
    return rejection_problems(answer)


def _is_plain_null(body: Any, root_field: str) -> bool:
    return (isinstance(body, dict) and not body.get("errors")
            and isinstance(body.get("data"), dict) and body["data"].get(root_field) is None)


def _payload_error_codes(body: Any) -> list[Any]:
    """Codes of typed payload errors (``{ errors { code } }`` of a mutation payload)."""
    data = body.get("data") if isinstance(body, dict) else None
    codes: list[Any] = []
    for payload in (data or {}).values():
        if isinstance(payload, dict) and isinstance(payload.get("errors"), list):
            codes += [e.get("code") for e in payload["errors"] if isinstance(e, dict)]
    return codes


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.name)
def test_hostile_request_is_refused_cleanly(case: Hostile, fuzz_server: Server, sessions: Sessions,
                                            targets: dict[str, list[str]], http: httpx.Client) -> None:
    ids = {"asset": targets["asset"][CORPUS.index(case)], "usb": targets["usb"][0]}
    observer = Client(fuzz_server.url, sessions.token("admin"))
    before = observer.execute(fill(_STATE, ids)) if case.check_unchanged else None
    request = case.request(ids)
    token = sessions.token(case.role)
    if token:
        request["headers"] = {**request.get("headers", {}), "authorization": f"Bearer {token}"}
    answer = send(http, f"{fuzz_server.url}/graphql", **request)
    problems = _problems(case, answer)
    assert httpx.get(f"{fuzz_server.url}/healthz", timeout=15).status_code == 200, "server stopped answering"
    if before is not None:
        assert observer.execute(fill(_STATE, ids)) == before, "the refused change was (half) written"
    assert not problems, f"{case.name}: {problems[0]} (after {answer.seconds:.1f} s)"
