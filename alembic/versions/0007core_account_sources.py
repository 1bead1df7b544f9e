"""core: where an account comes from (local, LDAP, OIDC) and which client a session is

Directory sign-in (LDAP / Active Directory, OpenID Connect) creates and updates users from
the directory: ``authsource`` says which, ``externalid`` is the directory's stable id,
``directorycheckedat`` when it last confirmed the account. Sessions (refresh tokens) keep
the client's address and user agent so people can recognise and revoke them.

Revision ID: 0007core
Revises: 0006core
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op
from shopdb_gql.db.base import UTCDateTime

revision = "0007core"
down_revision = "0006core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("authsource", sa.String(20), nullable=False,
                                   server_default="local"))
        batch.add_column(sa.Column("externalid", sa.String(255), nullable=True))
        batch.add_column(sa.Column("email", sa.String(255), nullable=True))
        batch.add_column(sa.Column("lastloginaddress", sa.String(64), nullable=True))
        batch.add_column(sa.Column("directorycheckedat", UTCDateTime(), nullable=True))
    with op.batch_alter_table("refreshtokens") as batch:
        batch.add_column(sa.Column("address", sa.String(64), nullable=True))
        batch.add_column(sa.Column("useragent", sa.String(255), nullable=True))
        batch.add_column(sa.Column("lastusedat", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("refreshtokens") as batch:
        for column in ("lastusedat", "useragent", "address"):
            batch.drop_column(column)
    with op.batch_alter_table("users") as batch:
        for column in ("directorycheckedat", "lastloginaddress", "email", "externalid",
                       "authsource"):
            batch.drop_column(column)
