"""Automatic persisted queries over HTTP: hash first, then hash and text once, then hash only."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from tests.harness import Client, error_codes

QUERY = ("query PersistedProbe($first: Int) { assets(first: $first) { totalCount "
         "edges { node { id name } } } }")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def send(client: Client, body: dict[str, Any]) -> httpx.Response:
    headers = {"authorization": f"Bearer {client.token}"} if client.token else {}
    return client.http.post(f"{client.url}/graphql", json=body, headers=headers)


def persisted(digest: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def test_unknown_hash_then_registered_then_hash_alone(viewer: Client) -> None:
    query = QUERY + f" # {id(viewer)}"  # a document no other test has registered
    digest = sha(query)
    unknown = send(viewer, {"variables": {"first": 2}, "extensions": persisted(digest)})
    assert unknown.status_code == 200, unknown.text
    assert error_codes(unknown.json()) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert unknown.json()["errors"][0]["message"] == "PersistedQueryNotFound"

    full = send(viewer, {"query": query, "variables": {"first": 2},
                         "extensions": persisted(digest)})
    assert full.status_code == 200, full.text
    expected = full.json()
    assert "errors" not in expected and len(expected["data"]["assets"]["edges"]) == 2

    by_hash = send(viewer, {"variables": {"first": 2}, "extensions": persisted(digest)})
    assert by_hash.status_code == 200, by_hash.text
    assert by_hash.json() == expected
    # The variables are the request's own, not remembered with the document.
    other = send(viewer, {"variables": {"first": 1}, "extensions": persisted(digest)}).json()
    assert len(other["data"]["assets"]["edges"]) == 1


def test_a_hash_that_is_not_the_texts_is_refused_and_not_remembered(viewer: Client) -> None:
    query = "query { me { username } }"
    wrong = sha("query { me { id } }")
    refused = send(viewer, {"query": query, "extensions": persisted(wrong)})
    assert refused.status_code == 400
    assert error_codes(refused.json()) == ["BAD_REQUEST"]
    # Nothing was stored under the wrong hash: it still resolves to nothing.
    again = send(viewer, {"extensions": persisted(wrong)})
    assert error_codes(again.json()) == ["PERSISTED_QUERY_NOT_FOUND"]


def test_malformed_persisted_query_extensions_are_bad_requests(viewer: Client) -> None:
    for extension in ({"version": 2, "sha256Hash": "0" * 64}, {"version": 1},
                      {"version": 1, "sha256Hash": "xyz"}, {"version": 1, "sha256Hash": 7},
                      {"version": 1, "sha256Hash": "A" * 64}, "v1", [1]):
        response = send(viewer, {"extensions": {"persistedQuery": extension}})
        assert response.status_code == 400, (extension, response.text)
        assert error_codes(response.json()) == ["BAD_REQUEST"], extension


def test_persisted_documents_are_still_checked_for_the_caller(anon: Client, viewer: Client,
                                                             admin: Client) -> None:
    """A document registered by one caller runs with the permissions of whoever sends the
    hash; an anonymous caller gets no data through someone else's document."""
    query = "query PersistedUsers { users { username } }"
    digest = sha(query)
    registered = send(admin, {"query": query, "extensions": persisted(digest)}).json()
    assert registered["data"]["users"]
    as_viewer = send(viewer, {"extensions": persisted(digest)}).json()
    assert "FORBIDDEN" in error_codes(as_viewer), as_viewer
    as_anon = send(anon, {"extensions": persisted(digest)}).json()
    assert as_anon.get("data") is None, as_anon
    assert "UNAUTHENTICATED" in error_codes(as_anon), as_anon


def test_a_persisted_mutation_runs_like_any_mutation(editor: Client) -> None:
    query = ("mutation PersistedNotes($id: ID!, $notes: String) { updateAsset(id: $id, "
             "input: {notes: $notes}) { asset { notes } errors { code } } }")
    asset_id = editor.data("{ assets(first: 1) { edges { node { id } } } }")[
        "assets"]["edges"][0]["node"]["id"]
    digest = sha(query)
    first = send(editor, {"query": query, "variables": {"id": asset_id, "notes": "apq one"},
                          "extensions": persisted(digest)}).json()
    assert first["data"]["updateAsset"]["asset"]["notes"] == "apq one", first
    second = send(editor, {"variables": {"id": asset_id, "notes": "apq two"},
                           "extensions": persisted(digest)}).json()
    assert second["data"]["updateAsset"]["asset"]["notes"] == "apq two", second
