"""award indexes: two redundant ones dropped, the live history covering the recipient search

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 06:00:00

`ix_awards_recipient_pk` is the first column of `ix_awards_recipient_planned` (recipient,
planned start, planned end: every award), and `ix_award_boroughs_gss_code` the first column of
`ix_award_boroughs_gss_code_award_pk`: each lookup either answered is answered by the longer
index, while every award written paid for both (a random insert into a million-entry B-tree per
grant of a 360Giving import).

`ix_awards_recipient_history` (a recipient's live awards by award date) gains the planned
dates: the overlap check reads a recipient's awards that have no planned start by award date,
and needs their planned end to know whether they still run. Without it, every such award of the
recipient was read from the table (PostgreSQL: a bitmap heap scan of 2,600 awards for the
largest recipient of the benchmark, 23 ms); with it, the index alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_HISTORY = ["recipient_pk", "award_date", "funder_pk", "currency", "amount_pence"]


def _history(columns: list[str]) -> None:
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
    op.drop_index("ix_awards_recipient_pk", table_name="awards")
    op.drop_index("ix_award_boroughs_gss_code", table_name="award_boroughs")
    _history([*_HISTORY, "planned_start", "planned_end", "deleted_at"])


def downgrade() -> None:
    _history([*_HISTORY, "deleted_at"])
    op.create_index("ix_award_boroughs_gss_code", "award_boroughs", ["gss_code"], unique=False)
    op.create_index("ix_awards_recipient_pk", "awards", ["recipient_pk"], unique=False)
