"""What every answer of the GraphQL endpoint must look like, whatever it was sent.

A fuzzer only finds what its oracle recognises. Ours is the contract from DESIGN.md: a
client always gets a GraphQL JSON body (``data`` and/or ``errors``) or a 4xx JSON body,
never a 5xx, never a masked unexpected error (``INTERNAL_SERVER_ERROR``), never silence.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx

# Generous: a healthy server answers each request in well under a second.
ANSWER_WITHIN_S = 15.0


@dataclass(frozen=True)
class Answer:
    """One HTTP exchange: the status, the decoded JSON body (None if not JSON), the time."""

    status: int
    body: Any
    text: str
    seconds: float


def send(http: httpx.Client, url: str, **request: Any) -> Answer:
    """POST to ``url``; a hang past ANSWER_WITHIN_S is reported as a finding, not raised."""
    started = time.monotonic()
    try:
        response = http.post(url, timeout=ANSWER_WITHIN_S, **request)
    except httpx.TimeoutException:
        return Answer(0, None, f"no answer within {ANSWER_WITHIN_S:.0f} s", time.monotonic() - started)
    except httpx.TransportError as exc:
        return Answer(0, None, f"connection failed: {exc!r}", time.monotonic() - started)
    try:
        body = response.json()
    except ValueError:
        body = None
    return Answer(response.status_code, body, response.text[:500], time.monotonic() - started)


def error_codes(body: Any) -> list[Any]:
    errors = body.get("errors") if isinstance(body, dict) else None
    return [(e.get("extensions") or {}).get("code") for e in errors or [] if isinstance(e, dict)]


def contract_problems(answer: Answer) -> list[str]:
    """Why ``answer`` breaks the contract (empty when it keeps it)."""
    if answer.status == 0:
        return [answer.text]
    if answer.status >= 500:
        return [f"HTTP {answer.status}: {answer.text}"]
    if not isinstance(answer.body, dict):
        return [f"HTTP {answer.status} without a JSON object body: {answer.text}"]
    problems = []
    if answer.status == 200 and "data" not in answer.body and "errors" not in answer.body:
        problems.append(f"200 without data or errors: {answer.text}")
    if "INTERNAL_SERVER_ERROR" in error_codes(answer.body):
        problems.append(f"unexpected server error: {answer.text}")
    return problems


def rejection_problems(answer: Answer) -> list[str]:
    """Like contract_problems, and the input must also have been refused: a 4xx JSON body,
    or GraphQL errors each carrying an ``extensions.code``."""
    problems = contract_problems(answer)
    if problems or 400 <= answer.status < 500:
        return problems
    codes = error_codes(answer.body)
    if not codes:
        return [f"accepted instead of refused: {answer.text}"]
    if None in codes:
        return [f"an error without extensions.code: {answer.text}"]
    return []
