"""The full-text index of funding streams, kept in step with the streams by one function.

Every code path that creates, changes or deletes streams (or renames a funder) calls
`reindex_streams` with the affected stream pks, in the same transaction. The index lives outside the
ORM metadata: an FTS5 table on SQLite, a weighted `tsvector` with a GIN index on PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import BindParameter, Connection, bindparam, text
from sqlalchemy.orm import Session

SEARCH_TABLE_PREFIX = "stream_search"

# What the index reads for each stream: its words, its eligibility text and its funder's name.
_DOCUMENT_SQL = """
    SELECT s.pk AS pk, s.name AS name, s.summary AS summary, s.description AS description,
           COALESCE(e.other_criteria, '') AS eligibility, f.name AS funder
    FROM funding_streams s
    JOIN funders f ON f.pk = s.funder_pk
    LEFT JOIN eligibility_rules e ON e.stream_pk = s.pk
    WHERE s.deleted_at IS NULL
"""

_SQLITE_INSERT = (
    "INSERT INTO stream_search (rowid, name, summary, description, eligibility, funder) "
    "SELECT pk, name, summary, description, eligibility, funder FROM ({documents}) d"
)

# Name weighs most, then summary and funder, then the long texts (ts_rank's A > B > C).
_POSTGRES_INSERT = """
    INSERT INTO stream_search (stream_pk, document)
    SELECT pk,
           setweight(to_tsvector('english', name), 'A')
           || setweight(to_tsvector('english', summary), 'B')
           || setweight(to_tsvector('english', funder), 'B')
           || setweight(to_tsvector('english', description), 'C')
           || setweight(to_tsvector('english', eligibility), 'C')
    FROM ({documents}) d
"""


def _connection(bind: Session | Connection) -> Connection:
    return bind.connection() if isinstance(bind, Session) else bind


def _rewrite(connection: Connection, pks: list[int] | None) -> None:
    sqlite = connection.dialect.name == "sqlite"
    key = "rowid" if sqlite else "stream_pk"
    insert = _SQLITE_INSERT if sqlite else _POSTGRES_INSERT
    if pks is None:
        connection.execute(text("DELETE FROM stream_search"))
        connection.execute(text(insert.format(documents=_DOCUMENT_SQL)))
    else:
        chosen: BindParameter[list[int]] = bindparam("pks", expanding=True)
        connection.execute(
            text(f"DELETE FROM stream_search WHERE {key} IN :pks").bindparams(chosen), {"pks": pks}
        )
        documents = _DOCUMENT_SQL + " AND s.pk IN :pks"
        connection.execute(
            text(insert.format(documents=documents)).bindparams(chosen), {"pks": pks}
        )
    _new_token(connection)


def _new_token(connection: Connection) -> None:
    # A fresh random token (not a counter): two transactions can never publish the same one.
    token = uuid.uuid4().hex
    updated = connection.execute(
        text("UPDATE stream_search_state SET token = :t WHERE id = 1"), {"t": token}
    )
    if updated.rowcount == 0:
        connection.execute(
            text("INSERT INTO stream_search_state (id, token) VALUES (1, :t)"), {"t": token}
        )


def reindex_streams(bind: Session | Connection, stream_pks: Iterable[int]) -> None:
    """Brings the index entries of these streams up to date; pks of deleted streams drop out."""
    pks = sorted(set(stream_pks))
    if not pks:
        return
    if isinstance(bind, Session):
        bind.flush()
    _rewrite(_connection(bind), pks)


def reindex_all(bind: Session | Connection) -> None:
    """Rebuilds the whole index (after a bulk load or a migration)."""
    if isinstance(bind, Session):
        bind.flush()
    _rewrite(_connection(bind), None)


def renew_catalogue_token(bind: Session | Connection) -> None:
    """Makes every worker reread its catalogue: for changes to what it holds besides streams
    (boroughs, vocabulary terms)."""
    if isinstance(bind, Session):
        bind.flush()
    _new_token(_connection(bind))


def catalogue_token(bind: Session | Connection) -> str | None:
    """The token of the last reindex: it changes whenever any stream does."""
    value = _connection(bind).scalar(text("SELECT token FROM stream_search_state WHERE id = 1"))
    return None if value is None else str(value)
