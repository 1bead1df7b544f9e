"""printers: the printers and printersupplies tables

Revision ID: 0001printers
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op
from shopdb_gql.plugins import UTCDateTime

revision = "0001printers"
down_revision = None
branch_labels = ("printers",)
depends_on = "0001core"


def upgrade() -> None:
    op.create_table(
        "printers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hostname", sa.String(length=120), nullable=True),
        sa.Column("ipaddress", sa.String(length=45), nullable=True),
        sa.Column("vendor", sa.String(length=120), nullable=True),
        sa.Column("model", sa.String(length=120), nullable=True),
        sa.Column("queuename", sa.String(length=120), nullable=True),
        sa.Column("driver", sa.String(length=200), nullable=True),
        sa.Column("pagecount", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["assets.id"], name=op.f("fk_printers_id_assets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_printers")),
        sa.UniqueConstraint("hostname", name=op.f("uq_printers_hostname")),
    )
    op.create_index(op.f("ix_printers_ipaddress"), "printers", ["ipaddress"])
    op.create_index(op.f("ix_printers_vendor"), "printers", ["vendor"])
    op.create_table(
        "printersupplies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("printerid", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("updatedat", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["printerid"], ["printers.id"],
                                name=op.f("fk_printersupplies_printerid_printers"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_printersupplies")),
        sa.UniqueConstraint("printerid", "name", name=op.f("uq_printersupplies_printerid_name")),
    )
    op.create_index(op.f("ix_printersupplies_printerid"), "printersupplies", ["printerid"])


def downgrade() -> None:
    op.drop_table("printersupplies")
    op.drop_table("printers")
