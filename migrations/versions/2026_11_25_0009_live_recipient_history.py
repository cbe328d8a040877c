"""live recipient history: the organisation page's covering index leaves deleted awards out

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 06:36:00

The soft delete (0005) made every organisation-page query filter on `deleted_at IS NULL`, a column
the covering index of 0004 did not hold, so the largest organisations' awards were read from the
table again. A partial index over live awards covers those queries once more.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ["recipient_pk", "award_date", "funder_pk", "currency", "amount_pence"]


def upgrade() -> None:
    op.drop_index("ix_awards_recipient_history", table_name="awards")
    live = sa.text("deleted_at IS NULL")
    op.create_index(
        "ix_awards_recipient_history",
        "awards",
        _COLUMNS,
        postgresql_where=live,
        sqlite_where=live,
    )


def downgrade() -> None:
    op.drop_index("ix_awards_recipient_history", table_name="awards")
    op.create_index("ix_awards_recipient_history", "awards", _COLUMNS)
