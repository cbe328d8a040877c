"""award_places keyed by beneficiary group, awards by recipient and planned start: the overlap
check's saturation and recipient searches as index lookups

`award_places` gains `beneficiary_group` (one row per borough, activity and group an award funds;
"" for an award with no group), and its search index leads with (borough, activity, group,
starts) so that the overlap check's saturation search reads the latest-starting entries of one
index range and stops. Existing rows are re-keyed from `award_terms` here. An index of awards
by (recipient, planned start, planned end) lets the recipient search read a recipient's awards
latest start first.

Revision ID: 0008
Revises: 0003
Create Date: 2026-11-25 05:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = "award_pk, gss_code, activity, starts, ends"


def _create(*, with_group: bool) -> None:
    key = ["award_pk", "gss_code", "activity", *(["beneficiary_group"] if with_group else [])]
    op.create_table(
        "award_places",
        sa.Column("award_pk", sa.Integer(), nullable=False),
        sa.Column("gss_code", sa.String(length=9), nullable=False),
        sa.Column("activity", sa.String(length=80), nullable=False),
        *(
            [sa.Column("beneficiary_group", sa.String(length=80), nullable=False)]
            if with_group
            else []
        ),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint(*key, name=op.f("pk_award_places")),
    )
    search = (
        ["gss_code", "activity", "beneficiary_group", "starts", "ends", "award_pk"]
        if with_group
        else ["gss_code", "activity", "ends", "starts", "award_pk"]
    )
    op.create_index("ix_award_places_search", "award_places", search, unique=False)


def _replace(*, with_group: bool, select: str) -> None:
    # Copy, drop, recreate, fill: the same statements on SQLite and PostgreSQL.
    op.execute(f"CREATE TABLE award_places_previous AS SELECT {_COLUMNS} FROM award_places")
    op.drop_index("ix_award_places_search", table_name="award_places")
    op.drop_table("award_places")
    _create(with_group=with_group)
    op.execute(select)
    op.drop_table("award_places_previous")


def upgrade() -> None:
    op.create_index(
        "ix_awards_recipient_planned",
        "awards",
        ["recipient_pk", "planned_start", "planned_end"],
        unique=False,
    )
    _replace(
        with_group=True,
        select=(
            "INSERT INTO award_places "
            "(award_pk, gss_code, activity, beneficiary_group, starts, ends) "
            "SELECT p.award_pk, p.gss_code, p.activity, COALESCE(t.slug, ''), p.starts, p.ends "
            "FROM award_places_previous p LEFT JOIN award_terms t "
            "ON t.award_pk = p.award_pk AND t.vocabulary = 'beneficiary_group'"
        ),
    )


def downgrade() -> None:
    op.drop_index("ix_awards_recipient_planned", table_name="awards")
    _replace(
        with_group=False,
        select=(
            f"INSERT INTO award_places ({_COLUMNS}) "
            f"SELECT DISTINCT {_COLUMNS} FROM award_places_previous"
        ),
    )
