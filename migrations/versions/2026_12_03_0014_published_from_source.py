"""funding streams: `published_at` may be unknown

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 07:10:00

A stream's `published_at` comes from its source: the date the round was announced, else the
date it opened. Some real rounds give neither, and the column used to take the time of loading
instead, so a 2019/20 fund seeded today topped the newest-first feed. Unknown is now NULL (last
in `sort=-published_at`), and the column has no default: the writer always says.

On SQLite a NOT NULL constraint cannot be altered, and rebuilding `funding_streams` would
delete every row that refers to it (foreign keys are on and cascade). SQLite documents a
procedure for removing NOT NULL constraints and changing defaults without a rebuild (section 7
of https://www.sqlite.org/lang_altertable.html): rewrite the table's SQL in `sqlite_schema`
and bump the schema version, in one transaction. Downgrading fills unknown dates with the
update time before restoring the constraint, so no row breaks it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REQUIRED = "published_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,"
_OPTIONAL = "published_at DATETIME,"


def _rewrite_sqlite(old: str, new: str) -> None:
    connection = op.get_bind()
    table_sql = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'funding_streams'"
    ).scalar_one()
    if old not in table_sql:
        raise RuntimeError(f"funding_streams does not declare {old!r} as expected")
    version = connection.exec_driver_sql("PRAGMA schema_version").scalar_one()
    connection.exec_driver_sql("PRAGMA writable_schema = ON")
    connection.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'funding_streams'",
        (table_sql.replace(old, new),),
    )
    connection.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    connection.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite(_REQUIRED, _OPTIONAL)
        return
    op.alter_column(
        "funding_streams",
        "published_at",
        existing_type=sa.DateTime(timezone=True),
        nullable=True,
        server_default=None,
    )


def downgrade() -> None:
    op.execute("UPDATE funding_streams SET published_at = updated_at WHERE published_at IS NULL")
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite(_OPTIONAL, _REQUIRED)
        return
    op.alter_column(
        "funding_streams",
        "published_at",
        existing_type=sa.DateTime(timezone=True),
        nullable=False,
        server_default=sa.text("CURRENT_TIMESTAMP"),
    )
