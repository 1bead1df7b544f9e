"""``shopdb user ...`` and ``shopdb token ...``."""

from __future__ import annotations

import sys
from typing import Any

import click
from sqlalchemy import select

from shopdb_gql.auth.actor import SYSTEM, Role, scope_problem
from shopdb_gql.auth.passwords import hash_password, password_problem
from shopdb_gql.commands._common import friendly, require_schema, run, settings, with_db
from shopdb_gql.core import audit
from shopdb_gql.core.models import ApiToken, User
from shopdb_gql.db.base import utcnow


def read_password(stdin: bool) -> str:
    if stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if problem := password_problem(password):
        raise ValueError(problem)
    return password


@click.group(help="Users who log in.")
def user() -> None:
    pass


@user.command("create", help="Create a user.")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), default="viewer",
              show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from one line of stdin.")
@click.option("--display-name", default=None)
@click.option("--exist-ok", is_flag=True, help="Succeed without change if the user exists.")
@friendly
def user_create(username: str, role: str, password_stdin: bool, display_name: str | None,
                exist_ok: bool) -> None:
    require_schema()
    password = read_password(password_stdin)

    async def work(session: Any) -> bool:
        if await session.scalar(select(User.id).where(User.username == username)):
            if exist_ok:
                return False
            raise ValueError(f"user {username!r} exists already (use `shopdb user set-password`)")
        row = User(username=username, role=role, passwordhash=hash_password(password),
                   displayname=display_name)
        session.add(row)
        await session.flush()
        await audit.record(session, SYSTEM, action="create", object_type="user", object_id=row.id,
                           source="cli", summary=username,
                           changes={"username": {"old": None, "new": username},
                                    "role": {"old": None, "new": role}})
        return True

    created = run(with_db(work))
    click.echo(f"user {username} created with role {role}" if created else
               f"user {username} exists already")


@user.command("list", help="List users: id, name, role, where they sign in.")
@friendly
def user_list() -> None:
    require_schema()
    async def work(session: Any) -> list[User]:
        return list(await session.scalars(select(User).order_by(User.username)))

    for row in run(with_db(work)):
        state = "" if row.isactive else " (disabled)"
        click.echo(f"{row.id}\t{row.username}\t{row.role}{state}\t{row.authsource}")


@user.command("set-password", help="Set a user's password.")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from one line of stdin.")
@friendly
def user_set_password(username: str, password_stdin: bool) -> None:
    require_schema()
    password = read_password(password_stdin)

    async def work(session: Any) -> None:
        row = await session.scalar(select(User).where(User.username == username))
        if row is None:
            raise LookupError(f"no user {username!r}")
        row.passwordhash = hash_password(password)
        row.authversion = (row.authversion or 0) + 1  # its sessions end
        from shopdb_gql.auth.tokens import revoke_user_refresh_tokens

        await revoke_user_refresh_tokens(session, row.id)
        await audit.record(session, SYSTEM, action="update", object_type="user", object_id=row.id,
                           source="cli", summary=username,
                           changes={"password": {"old": "***", "new": "***"}})

    run(with_db(work))
    click.echo(f"password of {username} changed")


@user.command("sync", help=(
    "Re-check every directory (LDAP) account now: one that is gone, disabled or in no "
    "mapped group is disabled here and its sessions and tokens stop; role, name and e-mail "
    "follow the directory. Servers do this every SHOPDB_LDAP_SYNC_SECONDS by themselves."))
@friendly
def user_sync() -> None:
    require_schema()
    cfg = settings()
    if not cfg.ldap_enabled:
        raise click.ClickException("SHOPDB_LDAP_URL is not set: there is no directory to ask")
    if problems := cfg.ldap_problems():
        raise click.ClickException("; ".join(problems))
    from shopdb_gql.auth.directory import sync
    from shopdb_gql.db.engine import Database

    async def work() -> list[str]:
        db = Database(cfg.database_url)
        try:
            report = await sync(db, cfg)
        finally:
            await db.dispose()
        if report.unavailable:
            raise click.ClickException(report.lines()[0])
        return report.lines()

    for line in run(work()):
        click.echo(line)


@click.group(help="Sign-in settings: check the directory (LDAP) binding.")
def auth() -> None:
    pass


@auth.command("check", help=(
    "Check the LDAP settings against the directory: bind, find USERNAME, and print the "
    "account, its groups (nested ones included) and the role they map to. With "
    "--password-stdin the person's own bind is tried too (needed without a service account)."))
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the person's password from stdin.")
@friendly
def auth_check(username: str, password_stdin: bool) -> None:
    from shopdb_gql.auth.ldap import Directory, DirectoryUnavailable
    from shopdb_gql.auth.rolemap import mapping_configured

    cfg = settings()
    if not cfg.ldap_enabled:
        raise click.ClickException("SHOPDB_LDAP_URL is not set: directory sign-in is off")
    if problems := cfg.ldap_problems():
        raise click.ClickException("settings: " + "; ".join(problems))
    click.echo(f"directory  {cfg.ldap_url} (StartTLS: "
               f"{'yes' if cfg.ldap_start_tls else 'no'}, certificates checked: "
               f"{'yes' if cfg.ldap_verify_certificates else 'NO'}"
               f"{', CA ' + cfg.ldap_ca_file if cfg.ldap_ca_file else ''})")
    directory = Directory(cfg)
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        if password is not None:
            account = directory.authenticate(username, password)
            if account is None:
                raise click.ClickException(f"{username}: unknown, or the password is wrong")
            click.echo(f"bind       {username}: password accepted")
        else:
            if not cfg.ldap_bind_dn:
                raise click.ClickException("no service account (SHOPDB_LDAP_BIND_DN): give "
                                           "the person's password with --password-stdin")
            account = directory.lookup(username)
            click.echo(f"bind       {cfg.ldap_bind_dn}: ok")
            if account is None:
                raise click.ClickException(
                    f"{username}: not found under {cfg.ldap_user_base} with "
                    f"{cfg.ldap_user_filter} (or found more than once)")
    except DirectoryUnavailable as exc:
        raise click.ClickException(f"directory unavailable: {exc}") from exc
    click.echo(f"account    {account.dn}")
    click.echo(f"username   {account.username}  name: {account.display_name or '-'}  "
               f"e-mail: {account.email or '-'}")
    click.echo(f"disabled   {'YES' if account.disabled else 'no'}")
    click.echo(f"groups     {len(account.groups)}")
    for group in account.groups:
        click.echo(f"  {group}")
    if not mapping_configured(cfg):
        click.echo("role       none: SHOPDB_ADMIN_GROUPS, SHOPDB_EDITOR_GROUPS and "
                   "SHOPDB_VIEWER_GROUPS are all empty")
    else:
        click.echo(f"role       {account.role or 'none: no group of theirs is mapped'}")
    if account.disabled or account.role is None:
        raise click.ClickException(f"{username} would be refused at sign-in")
    click.echo(f"{username} can sign in as {account.role}")


@click.group(help="API tokens for integrators and collectors.")
def token() -> None:
    pass


@token.command("create", help="Create a token and print its secret once.")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, required=True,
              help="read, write, admin or ingest:<plugin>; repeatable.")
@click.option("--expires-in-days", type=click.IntRange(1, 3650), default=None,
              help="Days until the token stops working (1-3650); without it, it never expires.")
@friendly
def token_create(name: str, scopes: tuple[str, ...], expires_in_days: int | None) -> None:
    require_schema()
    from shopdb_gql.auth.tokens import create_api_token

    for scope in scopes:
        if problem := scope_problem(scope):
            raise ValueError(problem)

    async def work(session: Any) -> str:
        row, secret = await create_api_token(session, name, list(scopes), expires_in_days, None)
        await audit.record(session, SYSTEM, action="create", object_type="apitoken",
                           object_id=row.id, source="cli", summary=name,
                           changes={"scopes": {"old": None, "new": row.scopes}})
        return secret

    secret = run(with_db(work))
    click.echo(secret)
    click.echo("Store this secret now: it is not shown again.", err=True)


@token.command("list", help="List tokens (never their secrets).")
@friendly
def token_list() -> None:
    require_schema()
    async def work(session: Any) -> list[ApiToken]:
        return list(await session.scalars(select(ApiToken).order_by(ApiToken.id)))

    for row in run(with_db(work)):
        state = "revoked" if row.revokedat else "active"
        click.echo(f"{row.id}\t{row.name}\t{','.join(row.scopes)}\t{state}\t"
                   f"last used {row.lastusedat or 'never'}")


@token.command("revoke", help="Revoke a token by id.")
@click.argument("token_id", type=int)
@friendly
def token_revoke(token_id: int) -> None:
    require_schema()
    async def work(session: Any) -> str:
        row = await session.get(ApiToken, token_id)
        if row is None:
            raise LookupError(f"no API token with id {token_id}")
        if row.revokedat is None:
            row.revokedat = utcnow()
            await audit.record(session, SYSTEM, action="revoke", object_type="apitoken",
                               object_id=row.id, source="cli", summary=row.name)
        return str(row.name)

    click.echo(f"token {run(with_db(work))} revoked")
