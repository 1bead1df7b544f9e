"""notifications: the notifications and notificationtargets tables

Revision ID: 0001notifications
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op
from shopdb_gql.plugins import UTCDateTime

revision = "0001notifications"
down_revision = None
branch_labels = ("notifications",)
depends_on = "0001core"


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("startsat", UTCDateTime(), nullable=False),
        sa.Column("endsat", UTCDateTime(), nullable=True),
        sa.Column("createdat", UTCDateTime(), nullable=False),
        sa.Column("updatedat", UTCDateTime(), nullable=False),
        sa.Column("createdby", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(op.f("ix_notifications_startsat"), "notifications", ["startsat"])
    op.create_index(op.f("ix_notifications_endsat"), "notifications", ["endsat"])
    op.create_table(
        "notificationtargets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notificationid", sa.Integer(), nullable=False),
        sa.Column("locationid", sa.Integer(), nullable=True),
        sa.Column("assetid", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["notificationid"], ["notifications.id"],
                                name=op.f("fk_notificationtargets_notificationid_notifications"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["locationid"], ["locations.id"],
                                name=op.f("fk_notificationtargets_locationid_locations"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["assetid"], ["assets.id"],
                                name=op.f("fk_notificationtargets_assetid_assets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notificationtargets")),
    )
    for column in ("notificationid", "locationid", "assetid"):
        op.create_index(op.f(f"ix_notificationtargets_{column}"), "notificationtargets", [column])


def downgrade() -> None:
    op.drop_table("notificationtargets")
    op.drop_table("notifications")
