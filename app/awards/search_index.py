"""The full-text index of awards (title and description): SQLite FTS5, PostgreSQL tsvector + GIN.

Every path that writes awards calls `index_awards(session, award_pks)` in the same transaction
after flushing (the seed loader does; the write API and the 360Giving import must): it re-reads
those awards and replaces their entries; a pk that no longer exists loses its entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

_CHUNK = 500
# Counting a word's awards stops here (see `_rarest`).
RARE_ENOUGH = 2000
# Words too common in grant descriptions to pick out anything.
_STOP_WORDS = frozenset(
    " ".join(
        (
            "the and for with from that this are was were will into their they them our your",
            "has have who which what when where how its not all any can per also project",
            "projects programme young people",
        )
    ).split()
)


def _postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def index_awards(session: Session, award_pks: Iterable[int]) -> None:
    """Brings the index up to date for these awards (created, changed, deleted or restored)."""
    session.flush()
    pks = sorted(set(award_pks))
    if _postgresql(session):
        remove = text("DELETE FROM awards_fts WHERE award_pk IN :pks")
        add = text(
            "INSERT INTO awards_fts (award_pk, document) SELECT pk, "
            "to_tsvector('english', title || ' ' || description) "
            "FROM awards WHERE pk IN :pks AND deleted_at IS NULL"
        )
    else:
        remove = text("DELETE FROM awards_fts WHERE rowid IN :pks")
        add = text(
            "INSERT INTO awards_fts (rowid, title, description) "
            "SELECT pk, title, description FROM awards WHERE pk IN :pks AND deleted_at IS NULL"
        )
    for start in range(0, len(pks), _CHUNK):
        chunk = pks[start : start + _CHUNK]
        for stmt in (remove, add):
            session.execute(stmt.bindparams(bindparam("pks", expanding=True)), {"pks": chunk})


def rebuild(session: Session) -> None:
    """Re-indexes every award (after a bulk load)."""
    if _postgresql(session):
        session.execute(text("TRUNCATE awards_fts"))
        session.execute(
            text(
                "INSERT INTO awards_fts (award_pk, document) SELECT pk, "
                "to_tsvector('english', title || ' ' || description) FROM awards "
                "WHERE deleted_at IS NULL"
            )
        )
    else:
        session.execute(text("DELETE FROM awards_fts"))
        session.execute(
            text(
                "INSERT INTO awards_fts (rowid, title, description) "
                "SELECT pk, title, description FROM awards WHERE deleted_at IS NULL"
            )
        )


def search_words(query: str, *, most: int = 8) -> list[str]:
    """The words of `query` worth searching for, longest first."""
    words = {w for w in re.findall(r"[a-z0-9]+", query.lower()) if len(w) >= 3}
    return sorted(words - _STOP_WORDS, key=lambda w: (-len(w), w))[:most]


def _match(session: Session, words: Sequence[str], joiner: str, limit: int) -> list[int]:
    if _postgresql(session):
        stmt = text(
            "SELECT award_pk FROM awards_fts WHERE document @@ to_tsquery('english', :q) "
            "ORDER BY award_pk DESC LIMIT :limit"
        )
        q = (" & " if joiner == "AND" else " | ").join(words)
    else:
        stmt = text(
            "SELECT rowid FROM awards_fts WHERE awards_fts MATCH :q "
            "ORDER BY rowid DESC LIMIT :limit"
        )
        q = f" {joiner} ".join(f'"{w}"' for w in words)
    return [int(pk) for pk in session.scalars(stmt, {"q": q, "limit": limit})]


def _rarest(session: Session, words: Sequence[str]) -> list[str]:
    """The words that pick out fewest awards first (on SQLite, by how many awards each is in,
    counted up to RARE_ENOUGH; on PostgreSQL the longest words stand in for the rarest). Words
    counted alike keep their order (longest first). Unknown words are dropped."""
    if _postgresql(session) or not words:
        return list(words)
    # Bounded counts: fts5vocab would read a common word's whole doclist (~20 ms at a million
    # awards); a word in RARE_ENOUGH awards or more is common enough not to be picked first.
    one = (
        "SELECT {i}, count(*) FROM (SELECT rowid FROM awards_fts "
        "WHERE awards_fts MATCH :w{i} LIMIT :most)"
    )
    stmt = text(" UNION ALL ".join(one.format(i=i) for i in range(len(words))))
    params: dict[str, object] = {f"w{i}": f'"{w}"' for i, w in enumerate(words)}
    counts: dict[int, int] = {
        int(i): int(n) for i, n in session.execute(stmt, {**params, "most": RARE_ENOUGH})
    }
    found = [(counts.get(i, 0), i) for i in range(len(words))]
    return [words[i] for n, i in sorted(found) if n]


def candidate_awards(session: Session, query: str, *, limit: int = 200) -> list[int]:
    """Pks of awards whose title or description shares rare words with `query`, newest first.

    Bounded: awards with all three rarest words, then with the two rarest, then with any of
    them, until `limit` are found; the caller re-scores them (ranking every match over a
    million rows would not be bounded).
    """
    words = _rarest(session, search_words(query))[:3]
    if not words:
        return []
    found: dict[int, None] = {}
    for subset, joiner in ((words, "AND"), (words[:2], "AND"), (words, "OR")):
        for pk in _match(session, subset, joiner, limit - len(found)):
            found.setdefault(pk, None)
        if len(found) >= limit:
            break
    return list(found)
