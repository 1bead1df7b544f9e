"""core: custom fields an admin adds to asset kinds at runtime, and their values

Revision ID: 0013core
Revises: 0012core
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op
from shopdb_gql.db.base import UTCDateTime

revision = "0013core"
down_revision = "0012core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customfields",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("help", sa.String(length=300), nullable=True),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("defaultvalue", sa.JSON(), nullable=True),
        sa.Column("choices", sa.JSON(), nullable=True),
        sa.Column("createdat", UTCDateTime(), nullable=False),
        sa.Column("removedat", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customfields")),
        sa.UniqueConstraint("kind", "name", name=op.f("uq_customfields_kind_name")),
    )
    op.create_index(op.f("ix_customfields_kind"), "customfields", ["kind"])
    op.create_table(
        "customvalues",
        sa.Column("assetid", sa.Integer(), nullable=False),
        sa.Column("fieldid", sa.Integer(), nullable=False),
        sa.Column("textvalue", sa.String(length=500), nullable=True),
        sa.Column("textkey", sa.String(length=190), nullable=True),
        sa.Column("numbervalue", sa.Float(), nullable=True),
        sa.Column("datevalue", sa.Date(), nullable=True),
        sa.Column("assetvalue", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["assetid"], ["assets.id"],
                                name=op.f("fk_customvalues_assetid_assets"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["assetvalue"], ["assets.id"],
                                name=op.f("fk_customvalues_assetvalue_assets"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["fieldid"], ["customfields.id"],
                                name=op.f("fk_customvalues_fieldid_customfields"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("assetid", "fieldid", name=op.f("pk_customvalues")),
    )
    op.create_index("ix_customvalues_text", "customvalues", ["fieldid", "textkey"])
    op.create_index("ix_customvalues_number", "customvalues", ["fieldid", "numbervalue"])
    op.create_index("ix_customvalues_date", "customvalues", ["fieldid", "datevalue"])
    op.create_index("ix_customvalues_asset", "customvalues", ["fieldid", "assetvalue"])


def downgrade() -> None:
    op.drop_table("customvalues")
    op.drop_table("customfields")
