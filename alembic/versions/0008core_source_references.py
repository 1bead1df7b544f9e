"""core: sourcerefs, the row of another system each imported object came from

`shopdb import legacy` keeps, for every asset, location, relationship and history row it
writes, the legacy table and id it came from; a second run finds its objects by them and
updates instead of duplicating.

Revision ID: 0008core
Revises: 0007core
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op
from shopdb_gql.db.base import UTCDateTime

revision = "0008core"
down_revision = "0007core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sourcerefs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system", sa.String(40), nullable=False),
        sa.Column("sourcetable", sa.String(64), nullable=False),
        sa.Column("sourceid", sa.String(64), nullable=False),
        sa.Column("objecttype", sa.String(40), nullable=False),
        sa.Column("objectid", sa.Integer(), nullable=False),
        sa.Column("importedat", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("system", "sourcetable", "sourceid"),
    )
    op.create_index("ix_sourcerefs_object", "sourcerefs", ["objecttype", "objectid"])


def downgrade() -> None:
    op.drop_index("ix_sourcerefs_object", table_name="sourcerefs")
    op.drop_table("sourcerefs")
