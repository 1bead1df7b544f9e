"""core: a trigram index for text search (postings and approximate piece counts)

Search matched every asset's texts (25-35 ms at 100,000 assets on SQLite); with the
postings a search reads the assets having its two rarest three-letter pieces, then checks
them with the same match as before. The tables start empty: searches scan until
``shopdb search reindex`` (or seeding, an import) fills them. See core/searchindex.py.

Revision ID: 0014core
Revises: 0013core
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0014core"
down_revision = "0013core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "searchgrams",
        sa.Column("gram", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("assetid", sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(["assetid"], ["assets.id"],
                                name=op.f("fk_searchgrams_assetid_assets"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("gram", "assetid", name=op.f("pk_searchgrams")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_searchgrams_assetid", "searchgrams", ["assetid"])
    op.create_table(
        "searchgramcounts",
        sa.Column("gram", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("gram", name=op.f("pk_searchgramcounts")),
    )


def downgrade() -> None:
    op.drop_table("searchgramcounts")
    op.drop_table("searchgrams")
    settings = sa.table("settings", sa.column("key", sa.String()))
    op.execute(settings.delete().where(settings.c.key == "search.index"))
