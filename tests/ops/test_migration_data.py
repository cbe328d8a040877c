"""Migrations that change how data is kept carry the data over, both ways."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import Engine, text

from app.core.db import make_engine
from app.ops import migrate


@pytest.fixture
def at_0012(fresh_database_url: str) -> Iterator[Engine]:
    """The fresh database at revision 0012 with one funder and three streams' rules."""
    migrate.upgrade(fresh_database_url)
    migrate.downgrade(fresh_database_url, "0012")
    engine = make_engine(fresh_database_url)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO funders (pk, slug, name, kind) VALUES (1, 'f', 'F', 'trust')")
        )
        for pk, ratio in ((1, "0.3333"), (2, "0.5"), (3, "0.1234")):
            connection.execute(
                text(
                    "INSERT INTO funding_streams (pk, slug, funder_pk, name, summary, "
                    "description, currency, illustrative) "
                    "VALUES (:pk, :slug, 1, 'S', '', '', 'GBP', false)"
                ),
                {"pk": pk, "slug": f"s{pk}"},
            )
            connection.execute(
                text(
                    "INSERT INTO eligibility_rules (stream_pk, max_grant_to_income_ratio, "
                    "other_criteria) VALUES (:pk, :ratio, '')"
                ),
                {"pk": pk, "ratio": ratio},
            )
    yield engine
    # Only the rows this fixture wrote, so the database is as `migrate.upgrade` leaves it.
    with engine.begin() as connection:
        for table, key in (
            ("eligibility_rules", "stream_pk"),
            ("funding_streams", "pk"),
            ("funders", "pk"),
        ):
            connection.execute(text(f"DELETE FROM {table} WHERE {key} IN (1, 2, 3)"))
    engine.dispose()
    migrate.upgrade(fresh_database_url)


def test_a_third_stored_as_0_3333_becomes_exactly_a_third_and_back(
    at_0012: Engine, fresh_database_url: str
) -> None:
    migrate.upgrade(fresh_database_url, "0013")
    with at_0012.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT stream_pk, max_grant_to_income_numerator, "
                "max_grant_to_income_denominator FROM eligibility_rules ORDER BY stream_pk"
            )
        ).all()
    assert [tuple(r) for r in rows] == [(1, 1, 3), (2, 1, 2), (3, 617, 5000)]
    migrate.downgrade(fresh_database_url, "0012")
    with at_0012.connect() as connection:
        back = connection.execute(
            text("SELECT max_grant_to_income_ratio FROM eligibility_rules ORDER BY stream_pk")
        ).scalars()
        assert [Decimal(str(v)) for v in back] == [Decimal(v) for v in ("0.3333", "0.5", "0.1234")]


def test_an_unknown_publication_date_is_null_and_filled_in_on_the_way_down(
    at_0012: Engine, fresh_database_url: str
) -> None:
    migrate.upgrade(fresh_database_url, "0014")
    with at_0012.begin() as connection:
        connection.execute(text("UPDATE funding_streams SET published_at = NULL WHERE pk = 1"))
        # Foreign keys still hold (no rebuild of the table deleted the rows that refer to it).
        assert connection.execute(text("SELECT count(*) FROM eligibility_rules")).scalar() == 3
    migrate.downgrade(fresh_database_url, "0013")
    with at_0012.connect() as connection:
        filled = connection.execute(
            text("SELECT published_at = updated_at FROM funding_streams WHERE pk = 1")
        ).scalar_one()
    assert filled
