"""equipment: index the columns the list sorts by (keyset pages read an index range)

Revision ID: 0002equipment
Revises: 0001equipment
"""

from __future__ import annotations

from alembic import op

revision = "0002equipment"
down_revision = "0001equipment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("equipment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_equipment_installdate"), ["installdate"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("equipment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_equipment_installdate"))
