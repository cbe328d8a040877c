"""fewer award indexes: drop two that longer indexes already lead with

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 06:00:00

`ix_awards_recipient_pk` is the first column of `ix_awards_recipient_planned` (recipient,
planned start, planned end: every award), and `ix_award_boroughs_gss_code` the first column of
`ix_award_boroughs_gss_code_award_pk`: each lookup either answered is answered by the longer
index, while every award written paid for both (a random insert into a million-entry B-tree per
grant of a 360Giving import).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_awards_recipient_pk", table_name="awards")
    op.drop_index("ix_award_boroughs_gss_code", table_name="award_boroughs")


def downgrade() -> None:
    op.create_index("ix_award_boroughs_gss_code", "award_boroughs", ["gss_code"], unique=False)
    op.create_index("ix_awards_recipient_pk", "awards", ["recipient_pk"], unique=False)
