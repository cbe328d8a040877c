"""imports: keep each imported grant's original JSON and its non-borough locations

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 04:33:32.079940
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locations", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("raw", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.drop_column("raw")
        batch_op.drop_column("locations")
