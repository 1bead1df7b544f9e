"""Typed errors: payload ``UserError``s for expected failures, coded GraphQL errors otherwise."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLError


@strawberry.enum(description="Machine-readable reason of a UserError.")
class ErrorCode(Enum):
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    REQUIRED = "REQUIRED"
    IN_USE = "IN_USE"
    THROTTLED = "THROTTLED"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    AMBIGUOUS = "AMBIGUOUS"
    LOCKED = "LOCKED"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    PLUGIN_ERROR = "PLUGIN_ERROR"
    DIRECTORY_UNAVAILABLE = "DIRECTORY_UNAVAILABLE"


@strawberry.type(description="An expected failure of a mutation, attached to the input field.")
class UserError:
    field: list[str] | None = strawberry.field(
        default=None, description="Path of the input field at fault, e.g. ['input', 'name']."
    )
    message: str = strawberry.field(description="What went wrong, for a person to read.")
    code: ErrorCode = strawberry.field(description="What went wrong, for a program to check.")


def user_error(code: ErrorCode, message: str, *path: str) -> UserError:
    return UserError(field=list(path) or None, message=message, code=code)


class PayloadErrors(Exception):
    """Raised inside a mutation to abort its transaction and return these errors."""

    def __init__(self, *errors: UserError) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(e.message for e in errors))


def coded_error(message: str, code: str, **extra: Any) -> GraphQLError:
    """A top-level GraphQL error with ``extensions.code``."""
    return GraphQLError(message, extensions={"code": code, **extra})


def unauthenticated(message: str = "Authentication required: log in or send a token") -> GraphQLError:
    return coded_error(message, "UNAUTHENTICATED")


def forbidden(message: str) -> GraphQLError:
    return coded_error(message, "FORBIDDEN")


def bad_input(message: str) -> GraphQLError:
    return coded_error(message, "BAD_USER_INPUT")


#: Ids are 64-bit signed integers in every database we run on.
MAX_ID = 2**63 - 1


def as_id(value: object) -> int | None:
    """``value`` (an ID argument) as a row id, or None when it cannot be one: not a whole
    number, or outside 1..2**63-1 (SQLite refuses to even bind a larger integer)."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
