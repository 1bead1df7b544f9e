"""printers: index the columns the list sorts by (keyset pages read an index range)

Revision ID: 0002printers
Revises: 0001printers
"""

from __future__ import annotations

from alembic import op

revision = "0002printers"
down_revision = "0001printers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("printers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_printers_pagecount"), ["pagecount"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("printers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_printers_pagecount"))
