"""awards to individuals: an award's recipient is an organisation or a person's funder-made id

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 06:45:00

360Giving grants may go to individuals (`recipientIndividual`) instead of an organisation. Such
an award has no organisation (`recipient_pk` NULL) and keeps the funder's id for the person and the
standard's reason and purpose codes (`recipient_individual`, JSON), never a name; exactly one of
the two is set.

On SQLite the column change rebuilds the table (batch mode), and dropping the old table would
delete the awards' terms and boroughs (ON DELETE CASCADE, foreign keys on), so they are set
aside in temporary tables and put back. A downgrade is refused while awards to individuals
exist: they cannot be given an organisation.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHILDREN = ("award_terms", "award_boroughs")
_ONE_RECIPIENT = "(recipient_pk IS NULL) <> (recipient_individual IS NULL)"


@contextmanager
def _children_kept() -> Iterator[None]:
    """Keeps the rows that reference awards across a SQLite table rebuild."""
    if op.get_bind().dialect.name != "sqlite":
        yield
        return
    for table in _CHILDREN:
        op.execute(f"CREATE TEMPORARY TABLE kept_{table} AS SELECT * FROM {table}")
    yield
    for table in _CHILDREN:
        op.execute(f"DELETE FROM {table}")
        op.execute(f"INSERT INTO {table} SELECT * FROM kept_{table}")
        op.execute(f"DROP TABLE kept_{table}")


def upgrade() -> None:
    with _children_kept(), op.batch_alter_table("awards") as batch:
        batch.add_column(sa.Column("recipient_individual", sa.JSON(), nullable=True))
        batch.alter_column("recipient_pk", existing_type=sa.Integer(), nullable=True)
        batch.create_check_constraint("one_recipient", _ONE_RECIPIENT)


def downgrade() -> None:
    individuals = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM awards WHERE recipient_pk IS NULL")
    )
    if individuals:
        raise RuntimeError(
            f"{individuals} awards go to individuals and have no organisation recipient; "
            "delete them before downgrading below revision 0015"
        )
    with _children_kept(), op.batch_alter_table("awards") as batch:
        batch.drop_constraint("one_recipient", type_="check")
        batch.alter_column("recipient_pk", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("recipient_individual")
