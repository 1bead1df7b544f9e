"""core: identity values compare exactly on MySQL/MariaDB (binary collation)

The server's default collation (utf8mb4_general_ci) treats "café" and "cafe" as equal, so
two assets whose identities differ only by an accent collided on the unique constraint.
Identity values are normalized before they are stored (trimmed, case-folded); what is
left must compare byte for byte. SQLite compares text exactly already.

Revision ID: 0003core
Revises: 0002core
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import mysql

from alembic import op

revision = "0003core"
down_revision = "0002core"
branch_labels = None
depends_on = None


def _mysql() -> bool:
    return op.get_bind().dialect.name in ("mysql", "mariadb")


def upgrade() -> None:
    if _mysql():
        op.alter_column("assetidentities", "idvalue", existing_type=sa.String(191),
                        type_=mysql.VARCHAR(191, charset="utf8mb4", collation="utf8mb4_bin"),
                        existing_nullable=False)


def downgrade() -> None:
    if _mysql():
        op.alter_column("assetidentities", "idvalue",
                        existing_type=mysql.VARCHAR(191, collation="utf8mb4_bin"),
                        type_=sa.String(191),  # the table's default collation again
                        existing_nullable=False)
