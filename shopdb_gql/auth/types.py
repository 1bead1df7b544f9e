"""GraphQL types for users, sessions and API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from shopdb_gql.core import models
from shopdb_gql.graphql.errors import UserError


@strawberry.enum(description="What a user may do: viewers read, editors change assets, admins all.")
class Role(Enum):
    ADMIN = "admin"
    EDITOR = "editor"
    VIEWER = "viewer"


@strawberry.enum(description="Where an account's sign-in is checked.")
class AuthSource(Enum):
    LOCAL = "local"
    LDAP = "ldap"
    OIDC = "oidc"


@strawberry.type(description="A person who logs in.")
class User:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    username: str = strawberry.field(description="Login name.")
    display_name: str | None = strawberry.field(description="Name to show.")
    role: Role = strawberry.field(description="What the user may do.")
    is_active: bool = strawberry.field(description="Disabled users cannot log in.")
    created_at: datetime = strawberry.field(description="When the user was created (UTC).")
    last_login_at: datetime | None = strawberry.field(description="Last successful login (UTC).")
    last_login_address: str | None = strawberry.field(
        default=None, description="Client address of the last successful login.")
    auth_source: AuthSource = strawberry.field(
        default_factory=lambda: AuthSource.LOCAL,
        description="Where the account signs in: a password here, LDAP or OpenID Connect.")
    email: str | None = strawberry.field(default=None, description="E-mail (from the directory).")

    @classmethod
    def from_row(cls, row: models.User) -> User:
        return cls(id=strawberry.ID(str(row.id)), username=row.username,
                   display_name=row.displayname, role=Role(row.role), is_active=row.isactive,
                   created_at=row.createdat, last_login_at=row.lastloginat,
                   last_login_address=row.lastloginaddress,
                   auth_source=AuthSource(row.authsource or "local"), email=row.email)


@strawberry.type(description="Single sign-on as the login page offers it.")
class SingleSignOn:
    enabled: bool = strawberry.field(description="Whether a \"Sign in with ...\" button is shown.")
    button_label: str | None = strawberry.field(description="The button's text; null when off.")
    login_url: str | None = strawberry.field(
        description="Where the button goes (add ?next=/path to land there); null when off.")
    logout_url: str | None = strawberry.field(
        description="Where to go after the logout mutation to end the provider's session too.")
    directory: bool = strawberry.field(
        default=False, description=(
            "Whether directory (LDAP / Active Directory) accounts sign in with the username "
            "and password form, beside local accounts."))


@strawberry.type(description="A signed-in browser or client session (a refresh token chain).")
class Session:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    created_at: datetime = strawberry.field(description="When the session began (UTC).")
    last_used_at: datetime | None = strawberry.field(description="Last sign-in or refresh (UTC).")
    expires_at: datetime = strawberry.field(description="When it ends unless refreshed (UTC).")
    address: str | None = strawberry.field(description="Client address at the last refresh.")
    user_agent: str | None = strawberry.field(description="The client's User-Agent.")
    current: bool = strawberry.field(description="Whether this is the session asking.")


@strawberry.type(description="An API token for integrators and collectors (secret never shown).")
class ApiToken:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    name: str = strawberry.field(description="What the token is for, e.g. `ocs-collector`.")
    prefix: str = strawberry.field(description="First characters after `shp_`, to recognize it.")
    scopes: list[str] = strawberry.field(description="read, write, admin, ingest:<plugin>.")
    expires_at: datetime | None = strawberry.field(description="Expiry (UTC); null: never.")
    last_used_at: datetime | None = strawberry.field(description="Last use (UTC).")
    revoked_at: datetime | None = strawberry.field(description="When revoked (UTC).")
    created_at: datetime = strawberry.field(description="When created (UTC).")

    @classmethod
    def from_row(cls, row: models.ApiToken) -> ApiToken:
        return cls(id=strawberry.ID(str(row.id)), name=row.name, prefix=row.prefix,
                   scopes=list(row.scopes), expires_at=row.expiresat, last_used_at=row.lastusedat,
                   revoked_at=row.revokedat, created_at=row.createdat)


@strawberry.type(description="Result of login and refreshToken. Browsers also get cookies.")
class LoginPayload:
    access_token: str | None = strawberry.field(default=None, description="Short-lived JWT.")
    refresh_token: str | None = strawberry.field(default=None, description="Rotating refresh token.")
    expires_at: datetime | None = strawberry.field(default=None, description="Access expiry (UTC).")
    user: User | None = strawberry.field(default=None, description="Who logged in.")
    errors: list[UserError] = strawberry.field(description="Why login failed.")


@strawberry.type(description="Result of logout.")
class LogoutPayload:
    ok: bool = strawberry.field(default=False, description="Whether the session was ended.")
    errors: list[UserError] = strawberry.field(description="Why logout failed.")


@strawberry.type(description="Result of a user mutation.")
class UserPayload:
    user: User | None = strawberry.field(default=None, description="The user.")
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type(description="Result of an API token mutation; `secret` only on create.")
class ApiTokenPayload:
    api_token: ApiToken | None = strawberry.field(default=None, description="The token.")
    secret: str | None = strawberry.field(
        default=None, description="The secret, shown once on create: store it now.")
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.input(description="A new API token.")
class ApiTokenInput:
    name: str = strawberry.field(description="What the token is for.")
    scopes: list[str] = strawberry.field(description="read, write, admin, ingest:<plugin>.")
    expires_in_days: int | None = strawberry.field(default=None, description="Null: never.")


@strawberry.input(description="A new user.")
class UserInput:
    username: str = strawberry.field(description="Login name.")
    password: str = strawberry.field(description="At least 8 characters.")
    role: Role = strawberry.field(default=Role.VIEWER, description="What the user may do.")
    display_name: str | None = strawberry.field(default=None, description="Name to show.")


@strawberry.input(description="Changes to a user; omitted fields stay.")
class UserUpdateInput:
    role: Role | None = strawberry.field(default=None, description="New role.")
    is_active: bool | None = strawberry.field(default=None, description="Enable or disable.")
    password: str | None = strawberry.field(default=None, description="New password.")
    display_name: str | None = strawberry.field(default=None, description="Name to show.")
