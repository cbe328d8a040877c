"""Running Alembic from code: the CLI, readiness checks and tests share these."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(database_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    # `%` is ConfigParser's interpolation character; URLs may contain it.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def heads() -> tuple[str, ...]:
    """The head revisions of the migration scripts (one, when the history is linear)."""
    return tuple(ScriptDirectory.from_config(alembic_config("")).get_heads())


def is_at_head(connection: Connection) -> bool:
    """Tells whether the database has every migration applied."""
    current = set(MigrationContext.configure(connection).get_current_heads())
    return current == set(heads())
