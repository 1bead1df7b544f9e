"""Password hashing: what an unknown username is checked against."""

from __future__ import annotations

import asyncio

from argon2 import extract_parameters

from shopdb_gql.auth import passwords


def test_unknown_users_are_checked_against_a_hash_as_costly_as_a_real_one() -> None:
    real = extract_parameters(passwords.hash_password("a real password"))
    dummy = extract_parameters(passwords._DUMMY_HASH)
    assert dummy == real  # same type, version, memory, time, parallelism, salt and digest size
    assert passwords._unusable_hash() != passwords._DUMMY_HASH  # random salt and digest


def test_no_password_matches_the_dummy_hash() -> None:
    assert not passwords.verify_password(passwords._DUMMY_HASH, "")
    assert not passwords.verify_password(passwords._DUMMY_HASH, "no such user")
    assert not asyncio.run(passwords.check_password(None, "anything at all"))
    stored = passwords.hash_password("right-password")
    assert asyncio.run(passwords.check_password(stored, "right-password"))
    assert not asyncio.run(passwords.check_password(stored, "wrong-password"))
