"""core: who disabled an account (an admin, or the directory)

A directory account the periodic re-check disabled (left the company, left every mapped
group) signs in again once the directory lets it; one an admin disabled here stays
disabled whatever the directory says. ``disabledby`` tells the two apart: ``admin``,
``directory`` or null (active).

Revision ID: 0010core
Revises: 0009core
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0010core"
down_revision = "0009core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("disabledby", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("disabledby")
