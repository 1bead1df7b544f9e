"""Permission classes for root fields, and :func:`ensure` for checks inside resolvers.

Anonymous callers get ``UNAUTHENTICATED``; authenticated callers without the scope get
``FORBIDDEN``. Both are top-level GraphQL errors with ``extensions.code``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from strawberry.permission import BasePermission
from strawberry.types import Info

from shopdb_gql.graphql.errors import forbidden, unauthenticated


def ensure(info: Info[Any, Any], scope: str) -> None:
    """Raise unless the caller holds ``scope`` (admins hold every scope)."""
    ctx = info.context
    if not ctx.actor.authenticated:
        raise unauthenticated(
            f"Authentication failed: {ctx.auth_error}" if ctx.auth_error else
            "Authentication required: log in or send 'Authorization: Bearer <token>'"
        )
    if not ctx.actor.has(scope):
        raise forbidden(f"'{info.field_name}' requires the '{scope}' permission")


class _Requires(BasePermission):
    scope: ClassVar[str]
    message = "Permission denied"

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        ensure(info, self.scope)
        return True


class CanRead(_Requires):
    """Viewers, editors, admins; tokens with ``read``."""

    scope = "read"


class CanWrite(_Requires):
    """Editors and admins; tokens with ``write``."""

    scope = "write"


class IsAdmin(_Requires):
    """Admins; tokens with ``admin``."""

    scope = "admin"
