"""usb: the usbdevices and usbcheckouts tables

Revision ID: 0001usb
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op
from shopdb_gql.plugins import UTCDateTime

revision = "0001usb"
down_revision = None
branch_labels = ("usb",)
depends_on = "0001core"


def upgrade() -> None:
    op.create_table(
        "usbdevices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=True),
        sa.Column("capacitygb", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["assets.id"], name=op.f("fk_usbdevices_id_assets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usbdevices")),
    )
    op.create_table(
        "usbcheckouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("usbdeviceid", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=True),
        sa.Column("checkedoutat", UTCDateTime(), nullable=False),
        sa.Column("dueat", UTCDateTime(), nullable=True),
        sa.Column("checkedinat", UTCDateTime(), nullable=True),
        sa.Column("checkedoutby", sa.String(length=120), nullable=False),
        sa.Column("checkedinby", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(["usbdeviceid"], ["usbdevices.id"],
                                name=op.f("fk_usbcheckouts_usbdeviceid_usbdevices"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usbcheckouts")),
    )
    op.create_index(op.f("ix_usbcheckouts_usbdeviceid"), "usbcheckouts", ["usbdeviceid"])
    op.create_index(op.f("ix_usbcheckouts_dueat"), "usbcheckouts", ["dueat"])
    op.create_index(op.f("ix_usbcheckouts_checkedinat"), "usbcheckouts", ["checkedinat"])


def downgrade() -> None:
    op.drop_table("usbcheckouts")
    op.drop_table("usbdevices")
