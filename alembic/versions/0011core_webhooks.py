"""core: webhooks and their delivery log

An admin registers a URL for chosen event types (``asset.created``, ``ingest.batch_done``...);
each event writes one delivery row per matching webhook in the transaction of the change
(an outbox: nothing is sent for a change that rolled back, nothing is lost when a worker
stops), and the server sends it afterwards with retries (shopdb_gql/core/delivery.py).

Revision ID: 0011core
Revises: 0010core
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op
from shopdb_gql.db.base import UTCDateTime

revision = "0011core"
down_revision = "0010core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhooks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("secret", sa.String(128), nullable=False),
        sa.Column("eventtypes", sa.JSON(), nullable=False),
        sa.Column("isactive", sa.Boolean(), nullable=False),
        sa.Column("createdat", UTCDateTime(), nullable=False),
        sa.Column("createdbyid", sa.Integer(),
                  sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    )
    op.create_table(
        "webhookdeliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("webhookid", sa.Integer(), sa.ForeignKey("webhooks.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("eventid", sa.String(32), nullable=False),
        sa.Column("eventtype", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("nextattemptat", UTCDateTime(), nullable=True),
        sa.Column("claimeduntil", UTCDateTime(), nullable=True),
        sa.Column("lastattemptat", UTCDateTime(), nullable=True),
        sa.Column("responsecode", sa.Integer(), nullable=True),
        sa.Column("error", sa.String(500), nullable=True),
        sa.Column("createdat", UTCDateTime(), nullable=False),
        sa.Column("deliveredat", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_webhookdeliveries_webhookid", "webhookdeliveries", ["webhookid"])
    op.create_index("ix_webhookdeliveries_createdat", "webhookdeliveries", ["createdat"])
    op.create_index("ix_webhookdeliveries_due", "webhookdeliveries", ["status", "nextattemptat"])


def downgrade() -> None:
    op.drop_table("webhookdeliveries")
    op.drop_table("webhooks")
