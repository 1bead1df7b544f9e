"""core: on SQLite, asset ids are never handed out twice (AUTOINCREMENT)

Without AUTOINCREMENT, SQLite gives a new row the highest id in use plus one, so deleting
the newest asset and creating another hands its id out again: old links, bookmarks and
audit entries would then point at a different machine. MySQL and MariaDB keep their
AUTO_INCREMENT counter across deletes (and restarts, since MySQL 8.0 and MariaDB 10.2),
so nothing changes there.

The table is rebuilt with Alembic's batch mode; alembic/env.py turns foreign keys off
around SQLite migrations so the rebuild does not cascade into the tables that reference
``assets``, and checks the foreign keys before committing.

Revision ID: 0006core
Revises: 0005core
"""

from __future__ import annotations

from alembic import op

revision = "0006core"
down_revision = "0005core"
branch_labels = None
depends_on = None


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("assets", recreate="always",
                              table_kwargs={"sqlite_autoincrement": autoincrement}):
        pass


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
