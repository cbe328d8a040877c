"""stream search log: which streams each catalogue token changed

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 06:40:00

Every reindex renews the catalogue token (`stream_search_state`); the token now also carries a
version, counted up under the state row's lock, and `stream_search_log` keeps, per version, the
token it published and the streams it changed (NULL: everything, e.g. a seed or a full
reindex). A worker holding the catalogue of one version brings it up to date by reloading only
the streams the later versions name, instead of every stream (BENCHMARKS.md, issue 15).
Derived data like the index itself: outside the ORM metadata (app/fulltext.py skips it by name).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("stream_search_state") as batch:
        batch.add_column(sa.Column("version", sa.BigInteger(), nullable=False, server_default="0"))
    op.create_table(
        "stream_search_log",
        sa.Column("version", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("stream_pks", sa.Text(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("stream_search_log")
    with op.batch_alter_table("stream_search_state") as batch:
        batch.drop_column("version")
