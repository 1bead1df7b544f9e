"""declared: the specimens table

Revision ID: 0001declared
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op
from shopdb_gql.db.base import UTCDateTime

revision = "0001declared"
down_revision = None
branch_labels = ("declared",)
depends_on = "0001core"


def upgrade() -> None:
    op.create_table(
        "specimens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=True),
        sa.Column("grade", sa.String(length=40), nullable=False),
        sa.Column("weightkg", sa.Float(), nullable=True),
        sa.Column("pieces", sa.Integer(), nullable=True),
        sa.Column("fragile", sa.Boolean(), nullable=True),
        sa.Column("receivedon", sa.Date(), nullable=True),
        sa.Column("checkedat", UTCDateTime(), nullable=True),
        sa.Column("colour", sa.String(length=10), nullable=True),
        sa.Column("codelength", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["assets.id"], name=op.f("fk_specimens_id_assets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_specimens")),
        sa.UniqueConstraint("code", name=op.f("uq_specimens_code")),
    )
    for column in ("grade", "pieces", "receivedon"):  # sort=True fields are indexed
        op.create_index(op.f(f"ix_specimens_{column}"), "specimens", [column])


def downgrade() -> None:
    op.drop_table("specimens")
