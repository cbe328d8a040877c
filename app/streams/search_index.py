"""The full-text index of funding streams, kept in step with the streams by one function.

Every code path that creates, changes or deletes streams (or renames a funder) calls
`reindex_streams` with the affected stream pks, in the same transaction. The index lives outside the
ORM metadata: an FTS5 table on SQLite, a weighted `tsvector` with a GIN index on PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

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


# Log entries kept behind the newest: a worker further behind than this reloads everything.
LOG_KEPT = 1000


def rewrite_documents(connection: Connection, pks: list[int] | None) -> None:
    """Rewrites the index entries of these streams (None: of every stream), publishing nothing:
    the callers below publish a new token; a migration that creates the index sets its own."""
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


def _new_token(connection: Connection, pks: list[int] | None) -> None:
    """Publishes a new token and logs which streams it changed (None: any of them)."""
    # A fresh random token: two transactions can never publish the same one, even when one of
    # them rolls back and the next counts the same version. The version is counted under the
    # state row's lock (taken by this UPDATE, held to commit), so versions commit in order.
    token = uuid.uuid4().hex
    updated = connection.execute(
        text("UPDATE stream_search_state SET token = :t, version = version + 1 WHERE id = 1"),
        {"t": token},
    )
    if updated.rowcount == 0:
        connection.execute(
            text("INSERT INTO stream_search_state (id, token, version) VALUES (1, :t, 1)"),
            {"t": token},
        )
    version = int(
        connection.scalar(text("SELECT version FROM stream_search_state WHERE id = 1")) or 0
    )
    connection.execute(
        text("INSERT INTO stream_search_log (version, token, stream_pks) VALUES (:v, :t, :p)"),
        {"v": version, "t": token, "p": None if pks is None else ",".join(map(str, pks))},
    )
    connection.execute(
        text("DELETE FROM stream_search_log WHERE version < :v"), {"v": version - LOG_KEPT}
    )


def reindex_streams(bind: Session | Connection, stream_pks: Iterable[int]) -> None:
    """Brings the index entries of these streams up to date; pks of deleted streams drop out."""
    pks = sorted(set(stream_pks))
    if not pks:
        return
    if isinstance(bind, Session):
        bind.flush()
    rewrite_documents(_connection(bind), pks)
    _new_token(_connection(bind), pks)


def reindex_all(bind: Session | Connection) -> None:
    """Rebuilds the whole index (after a bulk load or a migration)."""
    if isinstance(bind, Session):
        bind.flush()
    rewrite_documents(_connection(bind), None)
    _new_token(_connection(bind), None)


def renew_catalogue_token(bind: Session | Connection) -> None:
    """Makes every worker reread its catalogue: for changes to what it holds besides streams
    (boroughs, vocabulary terms)."""
    if isinstance(bind, Session):
        bind.flush()
    _new_token(_connection(bind), None)


@dataclass(frozen=True)
class CatalogueState:
    """The token of the last reindex (it changes whenever any stream does) and its version."""

    token: str
    version: int


def catalogue_state(bind: Session | Connection) -> CatalogueState | None:
    row = (
        _connection(bind)
        .execute(text("SELECT token, version FROM stream_search_state WHERE id = 1"))
        .first()
    )
    if row is None:
        return None
    token, version = row
    return CatalogueState(str(token), int(version))


def catalogue_token(bind: Session | Connection) -> str | None:
    """The token of the last reindex: it changes whenever any stream does."""
    state = catalogue_state(bind)
    return None if state is None else state.token


def changed_since(
    bind: Session | Connection, held: CatalogueState, now: CatalogueState
) -> set[int] | None:
    """The streams the versions after `held` up to `now` changed; None when that is not known
    (a version changed everything, the log no longer reaches back, or `held` was never
    committed: read inside a transaction that rolled back)."""
    rows = (
        _connection(bind)
        .execute(
            text(
                "SELECT version, token, stream_pks FROM stream_search_log "
                "WHERE version >= :low AND version <= :high ORDER BY version"
            ),
            {"low": held.version, "high": now.version},
        )
        .all()
    )
    if not rows or (int(rows[0][0]), str(rows[0][1])) != (held.version, held.token):
        return None
    if [int(r[0]) for r in rows] != list(range(held.version, now.version + 1)):
        return None
    if str(rows[-1][1]) != now.token:
        return None
    changed: set[int] = set()
    for _, _, pks in rows[1:]:
        if pks is None:
            return None
        changed.update(int(pk) for pk in pks.split(",") if pk)
    return changed
