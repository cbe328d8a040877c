"""stream search: full-text index of funding streams

Revision ID: 0003
Revises: 0004
Create Date: 2026-11-25 04:35:00

The index is derived data, rebuilt by app.streams.search_index.reindex_streams; its tables are
not in the ORM metadata (migrations/env.py and tests/ops/test_migrations.py skip them by name).
SQLite: an FTS5 table (porter stemming over unicode61), rowid = funding_streams.pk.
PostgreSQL: one weighted tsvector per stream (english configuration) with a GIN index.
Both: `stream_search_state` holds a token that changes on every reindex, so in-process caches of
stream data know when to reload.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0003'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE stream_search USING fts5("
            "name, summary, description, eligibility, funder, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
    else:
        op.create_table(
            "stream_search",
            sa.Column(
                "stream_pk",
                sa.Integer(),
                sa.ForeignKey("funding_streams.pk", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column("document", postgresql.TSVECTOR(), nullable=False),
        )
        op.create_index(
            "ix_stream_search_document", "stream_search", ["document"], postgresql_using="gin"
        )
    op.create_table(
        "stream_search_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token", sa.String(32), nullable=False),
    )
    # Existing streams (the seed, when upgrading a populated database) enter the index now.
    from app.streams.search_index import reindex_all

    reindex_all(op.get_bind())


def downgrade() -> None:
    op.drop_table("stream_search_state")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE stream_search")
    else:
        op.drop_index("ix_stream_search_document", table_name="stream_search")
        op.drop_table("stream_search")
