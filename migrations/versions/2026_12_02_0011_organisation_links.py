"""organisation links: an index on `organisations.linked_org_id`

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 03:00:00

The overlap check (a recipient's linked ids) and the organisation page (records linked to this
one) look organisations up by `linked_org_id`; without an index each lookup read all of them
(20,000 in the benchmark).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_organisations_linked_org_id", "organisations", ["linked_org_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_organisations_linked_org_id", table_name="organisations")
