"""core: a floor-plan image per building

Revision ID: 0004core
Revises: 0003core
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import mysql

from alembic import op
from shopdb_gql.db.base import UTCDateTime

revision = "0004core"
down_revision = "0003core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "floorplans",
        sa.Column("locationid", sa.Integer(), nullable=False),
        sa.Column("contenttype", sa.String(40), nullable=False),
        sa.Column("image", sa.Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb"),
                  nullable=False),
        sa.Column("width", sa.Float(), nullable=False),
        sa.Column("height", sa.Float(), nullable=False),
        sa.Column("updatedat", UTCDateTime(), nullable=False),
        sa.Column("updatedby", sa.String(120), nullable=False),
        sa.ForeignKeyConstraint(["locationid"], ["locations.id"], ondelete="CASCADE",
                                name=op.f("fk_floorplans_locationid_locations")),
        sa.PrimaryKeyConstraint("locationid", name=op.f("pk_floorplans")),
    )


def downgrade() -> None:
    op.drop_table("floorplans")
