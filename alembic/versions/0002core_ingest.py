"""core: collector ingest (asset identities, field locks)

Revision ID: 0002core
Revises: 0001core
"""

from __future__ import annotations

import sqlalchemy as sa

import shopdb_gql.db.base
from alembic import op

revision = "0002core"
down_revision = "0001core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assetidentities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("idkey", sa.String(length=64), nullable=False),
        sa.Column("idvalue", sa.String(length=191), nullable=False),
        sa.Column("assetid", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["assetid"], ["assets.id"],
                                name=op.f("fk_assetidentities_assetid_assets"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assetidentities")),
        sa.UniqueConstraint("kind", "idkey", "idvalue",
                            name=op.f("uq_assetidentities_kind_idkey_idvalue")),
    )
    with op.batch_alter_table("assetidentities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assetidentities_assetid"), ["assetid"], unique=False)
    op.create_table(
        "fieldlocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assetid", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("lockedat", shopdb_gql.db.base.UTCDateTime(), nullable=False),
        sa.Column("lockedby", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["assetid"], ["assets.id"],
                                name=op.f("fk_fieldlocks_assetid_assets"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fieldlocks")),
        sa.UniqueConstraint("assetid", "field", name=op.f("uq_fieldlocks_assetid_field")),
    )
    with op.batch_alter_table("fieldlocks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fieldlocks_assetid"), ["assetid"], unique=False)


def downgrade() -> None:
    op.drop_table("fieldlocks")  # drops its indexes (MySQL refuses dropping an FK's index first)
    op.drop_table("assetidentities")
