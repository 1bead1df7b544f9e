"""equipment: the equipment table

Revision ID: 0001equipment
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0001equipment"
down_revision = None
branch_labels = ("equipment",)
depends_on = "0001core"


def upgrade() -> None:
    op.create_table(
        "equipment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("machinenumber", sa.String(length=40), nullable=False),
        sa.Column("equipmenttype", sa.String(length=20), nullable=False),
        sa.Column("vendor", sa.String(length=120), nullable=True),
        sa.Column("model", sa.String(length=120), nullable=True),
        sa.Column("controllertype", sa.String(length=80), nullable=True),
        sa.Column("controlleros", sa.String(length=80), nullable=True),
        sa.Column("installdate", sa.Date(), nullable=True),
        sa.Column("criticality", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["id"], ["assets.id"], name=op.f("fk_equipment_id_assets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equipment")),
        sa.UniqueConstraint("machinenumber", name=op.f("uq_equipment_machinenumber")),
    )
    op.create_index(op.f("ix_equipment_equipmenttype"), "equipment", ["equipmenttype"])
    op.create_index(op.f("ix_equipment_vendor"), "equipment", ["vendor"])
    op.create_index(op.f("ix_equipment_criticality"), "equipment", ["criticality"])


def downgrade() -> None:
    op.drop_table("equipment")
