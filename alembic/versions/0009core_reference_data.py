"""core: reference data an admin manages: retired statuses, manufacturers and models

Revision ID: 0009core
Revises: 0008core
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op
from shopdb_gql.db.base import UTCDateTime

revision = "0009core"
down_revision = "0008core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assetstatuses") as batch:
        batch.add_column(sa.Column("retiredat", UTCDateTime(), nullable=True))
    op.create_table(
        "manufacturers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("createdat", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manufacturerid", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("createdat", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["manufacturerid"], ["manufacturers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("manufacturerid", "name"),
    )
    op.create_index("ix_models_manufacturerid", "models", ["manufacturerid"])


def downgrade() -> None:
    op.drop_index("ix_models_manufacturerid", table_name="models")
    op.drop_table("models")
    op.drop_table("manufacturers")
    with op.batch_alter_table("assetstatuses") as batch:
        batch.drop_column("retiredat")
