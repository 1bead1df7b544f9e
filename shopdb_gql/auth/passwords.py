"""Argon2 password hashing."""

from __future__ import annotations

import asyncio

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


#: Verified when the username is unknown, so an unknown user takes as long to refuse as a
#: known one with a wrong password (no way to tell which usernames exist by timing).
_DUMMY_HASH = _hasher.hash("no such user: the timing of a refusal says nothing")


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
