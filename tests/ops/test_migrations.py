"""The schema is built by the migrations alone, and they agree with the ORM models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import app.ops.models
from app.core.db import make_engine
from app.ops import migrate
from app.ops.fulltext import include_object


def test_there_is_exactly_one_head() -> None:
    assert len(migrate.heads()) == 1


def test_upgrade_downgrade_upgrade_then_schema_matches_the_models(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    try:
        migrate.upgrade(fresh_database_url)
        assert "awards" in inspect(engine).get_table_names()
        migrate.downgrade(fresh_database_url, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(fresh_database_url)
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": include_object}
            )
            differences = compare_metadata(context, app.ops.models.Base.metadata)
            assert migrate.is_at_head(connection)
        assert differences == []
    finally:
        engine.dispose()
