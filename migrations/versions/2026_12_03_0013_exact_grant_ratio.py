"""eligibility rules: the grant-to-income ratio stored exactly, as a fraction

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 07:00:00

`max_grant_to_income_ratio NUMERIC(5, 4)` held "up to a third of income" as 0.3333, so £5,000
asked on £15,000 of income failed ("at most £4,999.50"). The ratio is now a numerator and a
denominator. A stored decimal becomes the simplest fraction with a denominator up to 12 that
rounds to it at four places (0.3333 -> 1/3, 0.6667 -> 2/3: the shares people write that no
decimal holds), else the decimal itself (0.4 -> 2/5, 0.1234 -> 617/5000). Downgrading rounds
the fraction to four places again.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PLACES = Decimal("0.0001")
_rules = sa.table(
    "eligibility_rules",
    sa.column("stream_pk", sa.Integer()),
    sa.column("max_grant_to_income_ratio", sa.Numeric(5, 4)),
    sa.column("max_grant_to_income_numerator", sa.Integer()),
    sa.column("max_grant_to_income_denominator", sa.Integer()),
)


def as_fraction(stored: Decimal) -> Fraction:
    """The fraction a four-place decimal stood for (see the module's docstring)."""
    for denominator in range(1, 13):
        numerator = int((stored * denominator).to_integral_value())
        if numerator and (Decimal(numerator) / denominator).quantize(_PLACES) == stored:
            return Fraction(numerator, denominator)
    return Fraction(stored)


def upgrade() -> None:
    with op.batch_alter_table("eligibility_rules") as batch:
        batch.add_column(sa.Column("max_grant_to_income_numerator", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("max_grant_to_income_denominator", sa.Integer(), nullable=True)
        )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_rules.c.stream_pk, _rules.c.max_grant_to_income_ratio).where(
            _rules.c.max_grant_to_income_ratio.is_not(None)
        )
    ).all()
    for pk, stored in rows:
        ratio = as_fraction(Decimal(stored).quantize(_PLACES))
        connection.execute(
            _rules.update()
            .where(_rules.c.stream_pk == pk)
            .values(
                max_grant_to_income_numerator=ratio.numerator,
                max_grant_to_income_denominator=ratio.denominator,
            )
        )
    with op.batch_alter_table("eligibility_rules") as batch:
        batch.drop_column("max_grant_to_income_ratio")
        batch.create_check_constraint(
            op.f("ck_eligibility_rules_grant_ratio_fraction"),
            "(max_grant_to_income_numerator IS NULL AND max_grant_to_income_denominator IS NULL)"
            " OR (max_grant_to_income_numerator > 0"
            " AND max_grant_to_income_numerator <= max_grant_to_income_denominator)",
        )


def downgrade() -> None:
    with op.batch_alter_table("eligibility_rules") as batch:
        batch.drop_constraint(op.f("ck_eligibility_rules_grant_ratio_fraction"), type_="check")
        batch.add_column(
            sa.Column("max_grant_to_income_ratio", sa.Numeric(5, 4), nullable=True)
        )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            _rules.c.stream_pk,
            _rules.c.max_grant_to_income_numerator,
            _rules.c.max_grant_to_income_denominator,
        ).where(_rules.c.max_grant_to_income_numerator.is_not(None))
    ).all()
    for pk, numerator, denominator in rows:
        connection.execute(
            _rules.update()
            .where(_rules.c.stream_pk == pk)
            .values(
                max_grant_to_income_ratio=(Decimal(numerator) / denominator).quantize(_PLACES)
            )
        )
    with op.batch_alter_table("eligibility_rules") as batch:
        batch.drop_column("max_grant_to_income_denominator")
        batch.drop_column("max_grant_to_income_numerator")
