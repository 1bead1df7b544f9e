"""Automatic persisted queries (APQ): a client sends a document's SHA-256 instead of its text.

The convention Apollo clients and urql's ``persistedExchange`` use: the request carries
``extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"}``. With the hash alone,
the server answers with the document it remembers for that hash, or with the error
``PERSISTED_QUERY_NOT_FOUND``; the client then sends hash and text together, once, and the
server remembers the text (after checking that the hash is the text's). Documents do not
depend on the schema being served, so the store outlives plugin toggles; each worker
process keeps its own, bounded, least recently used first out. Execution is unchanged: the
remembered text goes through parsing (cached), validation, limits and permissions like any
other request.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from typing import Any

from cross_web import HTTPException
from strawberry.http import GraphQLRequestData

#: How many documents a worker remembers, and the longest one it keeps (characters).
MAX_DOCUMENTS = 2000
MAX_DOCUMENT_CHARS = 100_000
_HEX64 = re.compile(r"[0-9a-f]{64}")


class PersistedQueryError(HTTPException):
    """A persisted-query request that cannot run; ``code`` goes to ``extensions.code``."""

    def __init__(self, status_code: int, reason: str, code: str) -> None:
        super().__init__(status_code, reason)
        self.code = code


class PersistedQueries:
    """Documents by the SHA-256 of their text, least recently used out first."""

    def __init__(self, limit: int = MAX_DOCUMENTS) -> None:
        self.limit = limit
        self._documents: OrderedDict[str, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._documents)

    def resolve(self, data: GraphQLRequestData) -> GraphQLRequestData:
        """``data`` with its document filled in from the store (or remembered in it)."""
        persisted = (data.extensions or {}).get("persistedQuery")
        if persisted is None:
            return data
        digest = _hash_of(persisted)
        if data.query is None:
            query = self._documents.get(digest)
            if query is None:
                # Apollo's wording: clients recognise the message as well as the code.
                raise PersistedQueryError(200, "PersistedQueryNotFound",
                                          "PERSISTED_QUERY_NOT_FOUND")
            self._documents.move_to_end(digest)
            data.query = query
            return data
        if hashlib.sha256(data.query.encode()).hexdigest() != digest:
            raise PersistedQueryError(400, "persistedQuery.sha256Hash is not the SHA-256 of "
                                           "the query text", "BAD_REQUEST")
        if len(data.query) <= MAX_DOCUMENT_CHARS:
            self._documents[digest] = data.query
            self._documents.move_to_end(digest)
            while len(self._documents) > self.limit:
                self._documents.popitem(last=False)
        return data


def _hash_of(persisted: Any) -> str:
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise PersistedQueryError(400, 'extensions.persistedQuery must be {"version": 1, '
                                       '"sha256Hash": "<64 hex digits>"}', "BAD_REQUEST")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
        raise PersistedQueryError(400, "persistedQuery.sha256Hash must be 64 lowercase hex "
                                       "digits (SHA-256 of the query text)", "BAD_REQUEST")
    return digest
