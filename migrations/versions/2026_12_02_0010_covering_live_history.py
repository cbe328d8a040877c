"""covering live history: the organisation page's index holds `deleted_at` too

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 01:20:00

0009 made the organisation-page index partial (`WHERE deleted_at IS NULL`), which PostgreSQL
reads alone, but SQLite counts an index as covering only when it holds every column the query
names, the column of the index's own WHERE clause included: the page's count and totals still
read 13,000 table rows for the largest organisation. The same partial index with `deleted_at`
as its last column (always NULL in it) covers those queries on both databases.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ["recipient_pk", "award_date", "funder_pk", "currency", "amount_pence"]


def _replace(columns: list[str]) -> None:
    op.drop_index("ix_awards_recipient_history", table_name="awards")
    live = sa.text("deleted_at IS NULL")
    op.create_index(
        "ix_awards_recipient_history",
        "awards",
        columns,
        postgresql_where=live,
        sqlite_where=live,
    )


def upgrade() -> None:
    _replace([*_COLUMNS, "deleted_at"])


def downgrade() -> None:
    _replace(_COLUMNS)
