"""core: users.authversion, so a password change or a disabled account ends its sessions

Revision ID: 0005core
Revises: 0004core
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0005core"
down_revision = "0004core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("authversion", sa.Integer(), nullable=False,
                                   server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("authversion")
