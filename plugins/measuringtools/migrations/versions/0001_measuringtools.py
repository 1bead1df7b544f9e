"""measuringtools: the measuringtools and measuringtoolcalibrations tables

Revision ID: 0001measuringtools
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op
from shopdb_gql.plugins import UTCDateTime

revision = "0001measuringtools"
down_revision = None
branch_labels = ("measuringtools",)
depends_on = "0001core"


def upgrade() -> None:
    op.create_table(
        "measuringtools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("toolnumber", sa.String(length=64), nullable=True),
        sa.Column("tooltype", sa.String(length=20), nullable=True),
        sa.Column("manufacturer", sa.String(length=120), nullable=True),
        sa.Column("modelname", sa.String(length=120), nullable=True),
        sa.Column("rangemin", sa.Float(), nullable=True),
        sa.Column("rangemax", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=True),
        sa.Column("resolution", sa.Float(), nullable=True),
        sa.Column("calibrationintervaldays", sa.Integer(), nullable=True),
        sa.Column("lastcalibratedat", UTCDateTime(), nullable=True),
        sa.Column("nextcalibrationdue", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["id"], ["assets.id"], name=op.f("fk_measuringtools_id_assets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measuringtools")),
        sa.UniqueConstraint("toolnumber", name=op.f("uq_measuringtools_toolnumber")),
    )
    op.create_index(op.f("ix_measuringtools_nextcalibrationdue"), "measuringtools",
                    ["nextcalibrationdue"])
    op.create_table(
        "measuringtoolcalibrations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("toolid", sa.Integer(), nullable=False),
        sa.Column("performedat", UTCDateTime(), nullable=False),
        sa.Column("performedby", sa.String(length=120), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("certificate", sa.String(length=120), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["toolid"], ["measuringtools.id"],
                                name=op.f("fk_measuringtoolcalibrations_toolid_measuringtools"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measuringtoolcalibrations")),
    )
    op.create_index(op.f("ix_measuringtoolcalibrations_toolid"), "measuringtoolcalibrations",
                    ["toolid"])


def downgrade() -> None:
    op.drop_table("measuringtoolcalibrations")
    op.drop_table("measuringtools")
