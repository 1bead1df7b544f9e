"""network: the networkdevices and networksubnets tables

Revision ID: 0001network
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op
from shopdb_gql.plugins import UTCDateTime

revision = "0001network"
down_revision = None
branch_labels = ("network",)
depends_on = "0001core"


def upgrade() -> None:
    op.create_table(
        "networkdevices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hostname", sa.String(length=120), nullable=True),
        sa.Column("devicetype", sa.String(length=20), nullable=False),
        sa.Column("managementip", sa.String(length=45), nullable=True),
        sa.Column("macaddress", sa.String(length=17), nullable=True),
        sa.Column("model", sa.String(length=120), nullable=True),
        sa.Column("vendor", sa.String(length=120), nullable=True),
        sa.Column("firmware", sa.String(length=120), nullable=True),
        sa.Column("portcount", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["assets.id"], name=op.f("fk_networkdevices_id_assets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_networkdevices")),
        sa.UniqueConstraint("hostname", name=op.f("uq_networkdevices_hostname")),
    )
    for column in ("devicetype", "managementip", "macaddress", "vendor"):
        op.create_index(op.f(f"ix_networkdevices_{column}"), "networkdevices", [column])
    op.create_table(
        "networksubnets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cidr", sa.String(length=49), nullable=False),
        sa.Column("vlanid", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("gateway", sa.String(length=45), nullable=True),
        sa.Column("createdat", UTCDateTime(), nullable=False),
        sa.Column("updatedat", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_networksubnets")),
        sa.UniqueConstraint("cidr", name=op.f("uq_networksubnets_cidr")),
    )
    op.create_index(op.f("ix_networksubnets_vlanid"), "networksubnets", ["vlanid"])


def downgrade() -> None:
    op.drop_table("networksubnets")
    op.drop_table("networkdevices")
