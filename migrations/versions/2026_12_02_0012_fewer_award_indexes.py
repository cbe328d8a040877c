"""award indexes: two redundant ones dropped, the recipient search read from indexes alone

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 06:00:00

`ix_awards_recipient_pk` is the first column of `ix_awards_recipient_planned` (recipient,
planned start, planned end: every award), and `ix_award_boroughs_gss_code` the first column of
`ix_award_boroughs_gss_code_award_pk`: each lookup either answered is answered by the longer
index, while every award written paid for both (a random insert into a million-entry B-tree per
grant of a 360Giving import).

The overlap check reads a recipient's awards newest start first in two parts, each from an
index: those with a planned start from `ix_awards_recipient_planned`, the others by award date
from `ix_awards_recipient_history`. Each index now holds every column its part names (planned
dates, `deleted_at`, and `pk`, which PostgreSQL needs for an index-only scan), so the awards a
part turns down are no longer read from the table. For the largest recipient of the benchmark
on PostgreSQL: 27.5 ms (a bitmap heap scan of its 2,600 awards with no planned start) -> 3.6 ms.
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
_PLANNED = ["recipient_pk", "planned_start", "planned_end"]


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


def _planned(columns: list[str]) -> None:
    op.drop_index("ix_awards_recipient_planned", table_name="awards")
    op.create_index("ix_awards_recipient_planned", "awards", columns, unique=False)


def upgrade() -> None:
    op.drop_index("ix_awards_recipient_pk", table_name="awards")
    op.drop_index("ix_award_boroughs_gss_code", table_name="award_boroughs")
    _history([*_HISTORY, "planned_start", "planned_end", "deleted_at", "pk"])
    _planned([*_PLANNED, "deleted_at", "pk"])


def downgrade() -> None:
    _planned(_PLANNED)
    _history([*_HISTORY, "deleted_at"])
    op.create_index("ix_award_boroughs_gss_code", "award_boroughs", ["gss_code"], unique=False)
    op.create_index("ix_awards_recipient_pk", "awards", ["recipient_pk"], unique=False)
