"""A hand-written corpus of hostile requests: what a fuzzer rarely stumbles on but an
attacker sends first. Each entry is one request to POST /graphql and the role it runs as."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Hostile:
    """``request(ids)`` gives httpx keyword arguments; ``ids`` holds an existing asset id (its
    own per case, so one case's damage cannot mask another's) and a USB device id.
    ``may_be_null`` names a root field for which a plain ``null`` (not found) is a clean
    answer too; ``check_unchanged`` compares the target asset before and after."""

    name: str
    request: Callable[[dict[str, str]], dict[str, Any]]
    role: str = "viewer"
    may_be_null: str | None = None
    check_unchanged: bool = field(default=False)


def fill(text: str, ids: dict[str, str]) -> str:
    """Put the target ids in place of the ``@ASSET@`` and ``@USB@`` markers."""
    return text.replace("@ASSET@", ids["asset"]).replace("@USB@", ids["usb"])


def _gql(query: str, variables: dict[str, Any] | None = None) -> Callable[[dict[str, str]], dict[str, Any]]:
    return lambda ids: {"json": {"query": fill(query, ids), "variables": variables or {}}}


def _raw(body: bytes, content_type: str = "application/json") -> Callable[[dict[str, str]], dict[str, Any]]:
    return lambda ids: {"content": body, "headers": {"content-type": content_type}}


def _fragment_fan_out(depth: int = 22) -> str:
    """F0 spreads F1 twice, F1 spreads F2 twice, ...: 2^22 paths for a naive validator."""
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(depth - 1)]
    fragments.append(f"fragment F{depth - 1} on Query {{ assets(first: 500) {{ totalCount }} }}")
    return "query { ...F0 }\n" + "\n".join(fragments)


def _nested_json(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def _cursor(offset: str) -> str:
    return base64.urlsafe_b64encode(f"shopdb:v1:{offset}".encode()).decode()


_SEARCH = "query($t: String!) { search(text: $t) { id title } }"
_NOTES = 'mutation($n: String) { setAssetNotes(id: "@ASSET@", notes: $n) { errors { code } } }'
_HUGE = "x" * 5_000_000

CORPUS = [
    Hostile("fragment fan-out F0..F21", _gql(_fragment_fan_out())),
    Hostile("deeply nested variables", lambda ids: _raw(
        ('{"query": "query($f: AssetFilter) { assets(filter: $f) { totalCount } }", "variables": {"f": '
         + _nested_json(100_000) + "}}").encode())(ids)),
    Hostile("invalid UTF-8 in the body", _raw(b'{"query": "{ search(text: \"\xff\xfe\xc3\") { id } }"}')),
    Hostile("JSON string body", _raw(b'"{ me { id } }"')),
    Hostile("JSON number body", _raw(b"42")),
    Hostile("JSON null body", _raw(b"null")),
    Hostile("batch array of 1,000 operations", _raw(json.dumps(
        [{"query": "{ assets(first: 500) { totalCount } }"}] * 1000).encode())),
    Hostile("5 MB string variable", _gql(_SEARCH, {"t": _HUGE})),
    Hostile("5 MB notes", _gql(_NOTES, {"n": _HUGE}), role="editor", check_unchanged=True),
    Hostile("lone surrogate in a search", _raw(
        b'{"query": "query($t: String!) { search(text: $t) { id } }", "variables": {"t": "a\\ud800b"}}')),
    Hostile("lone surrogate in notes", lambda ids: _raw(json.dumps(
        {"query": fill(_NOTES, ids)}).encode()[:-1] + b', "variables": {"n": "\\udfff"}}')(ids),
        role="editor", check_unchanged=True),
    Hostile("1e400 float literal", _gql(
        'mutation { setAssetPosition(id: "@ASSET@", x: 1e400, y: 1) { errors { code } } }'),
        role="editor", check_unchanged=True),
    Hostile("1e400 float variable", lambda ids: _raw(
        ('{"query": "mutation($x: Float) { setAssetPosition(id: \\"' + ids["asset"]
         + '\\", x: $x, y: 1) { errors { code } } }", "variables": {"x": 1e400}}').encode())(ids),
        role="editor", check_unchanged=True),
    Hostile("asset id above 2^63", _gql('{ asset(id: "18446744073709551617") { id } }'),
            may_be_null="asset"),
    Hostile("negative asset id below -2^63", _gql('{ asset(id: "-9223372036854775809") { id } }'),
            may_be_null="asset"),
    Hostile("setAssetNotes on an id above 2^63", _gql(
        'mutation { setAssetNotes(id: "99999999999999999999999", notes: "x") { errors { code } } }'),
        role="editor"),
    Hostile("naive dueAt datetime", _gql(
        'mutation { checkOutUsbDevice(id: "@USB@", holder: "fuzz", dueAt: "2030-01-01T00:00:00") '
        "{ errors { code } } }"), role="editor"),
    Hostile("cursor with offset 10^30", _gql(
        '{ assets(first: 5, after: "' + _cursor("1" + "0" * 30) + '") { totalCount nodes { id } } }')),
    Hostile("subscription over POST", _gql("subscription { notificationEvents { __typename } }")),
    Hostile("10,000 aliases of assets(first: 500)", _gql(
        "{ " + " ".join(f"a{i}: assets(first: 500) {{ totalCount }}" for i in range(10_000)) + " }")),
]
