"""dummy: the dummywidgets table

Revision ID: 0001dummy
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0001dummy"
down_revision = None
branch_labels = ("dummy",)
depends_on = "0001core"


def upgrade() -> None:
    op.create_table(
        "dummywidgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("color", sa.String(length=40), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["assets.id"], name=op.f("fk_dummywidgets_id_assets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dummywidgets")),
    )


def downgrade() -> None:
    op.drop_table("dummywidgets")
