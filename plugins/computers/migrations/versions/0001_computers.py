"""computers: the computers and computerapplications tables

Revision ID: 0001computers
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa

import shopdb_gql.db.base
from alembic import op

revision = "0001computers"
down_revision = None
branch_labels = ("computers",)
depends_on = "0001core"


def upgrade() -> None:
    op.create_table(
        "computers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hostname", sa.String(length=255), nullable=True),
        sa.Column("manufacturer", sa.String(length=120), nullable=True),
        sa.Column("model", sa.String(length=120), nullable=True),
        sa.Column("osname", sa.String(length=120), nullable=True),
        sa.Column("osversion", sa.String(length=80), nullable=True),
        sa.Column("pctype", sa.String(length=40), nullable=True),
        sa.Column("ipaddress", sa.String(length=64), nullable=True),
        sa.Column("macaddress", sa.String(length=64), nullable=True),
        sa.Column("loggedonuser", sa.String(length=120), nullable=True),
        sa.Column("lastbootat", shopdb_gql.db.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["assets.id"], name=op.f("fk_computers_id_assets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_computers")),
    )
    op.create_index(op.f("ix_computers_hostname"), "computers", ["hostname"])
    op.create_index(op.f("ix_computers_pctype"), "computers", ["pctype"])
    op.create_table(
        "computerapplications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("computerid", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("version", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["computerid"], ["computers.id"],
                                name=op.f("fk_computerapplications_computerid_computers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_computerapplications")),
    )
    op.create_index(op.f("ix_computerapplications_computerid"), "computerapplications",
                    ["computerid"])


def downgrade() -> None:
    op.drop_table("computerapplications")
    op.drop_table("computers")
