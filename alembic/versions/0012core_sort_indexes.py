"""core: index the asset columns lists sort by that had none (created, last seen)

With keyset cursors a page sorted by a column is an index range from the cursor on; a
column without an index is sorted whole for every page (100,000 rows on a large site).

Revision ID: 0012core
Revises: 0011core
"""

from __future__ import annotations

from alembic import op

revision = "0012core"
down_revision = "0011core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_assets_createdat", "assets", ["createdat"])
    op.create_index("ix_assets_lastseenat", "assets", ["lastseenat"])


def downgrade() -> None:
    op.drop_index("ix_assets_lastseenat", table_name="assets")
    op.drop_index("ix_assets_createdat", table_name="assets")
