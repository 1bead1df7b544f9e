"""Argon2 password hashing."""

from __future__ import annotations

import asyncio
import base64
import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _unusable_hash() -> str:
    """An argon2 hash string with the hasher's parameters and a random salt and digest: no
    password matches it, and verifying costs what verifying a real hash costs. Made
    without hashing (a real hash costs ~0.1 s of CPU, paid by every process at import)."""
    def b64(size: int) -> str:
        return base64.b64encode(os.urandom(size)).rstrip(b"=").decode()
    return (f"$argon2id$v=19$m={_hasher.memory_cost},t={_hasher.time_cost},"
            f"p={_hasher.parallelism}${b64(_hasher.salt_len)}${b64(_hasher.hash_len)}")


#: Verified when the username is unknown, so an unknown user takes as long to refuse as a
#: known one with a wrong password (no way to tell which usernames exist by timing).
_DUMMY_HASH = _unusable_hash()


async def check_password(password_hash: str | None, password: str) -> bool:
    """Verify in a worker thread (argon2 is slow on purpose and would stall the event loop);
    ``password_hash`` None (no such user) verifies against a dummy hash and is False."""
    matches = await asyncio.to_thread(verify_password, password_hash or _DUMMY_HASH, password)
    return matches and password_hash is not None


def password_problem(password: str) -> str | None:
    """Why ``password`` is unacceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must have at least {MIN_PASSWORD_LENGTH} characters"
    return None
