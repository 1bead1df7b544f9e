"""computers: index the columns the list sorts by (keyset pages read an index range)

Revision ID: 0002computers
Revises: 0001computers
"""

from __future__ import annotations

from alembic import op

revision = "0002computers"
down_revision = "0001computers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("computers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_computers_lastbootat"), ["lastbootat"], unique=False)
        batch_op.create_index(batch_op.f("ix_computers_osname"), ["osname"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("computers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_computers_osname"))
        batch_op.drop_index(batch_op.f("ix_computers_lastbootat"))
