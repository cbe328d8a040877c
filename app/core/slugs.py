"""Readable ids made from names: `Young Londoners Fund: Round 2` -> `young-londoners-fund-round-2`.

An id a client leaves out is derived from the name, and then never changes (renaming the record
keeps its id, so links and subscriptions keep working). Two records of the same name get `-2`,
`-3` … in the order they were created.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

# The write schemas accept ids up to 120 characters; the base stays short enough for a suffix.
_MOST = 100
# How a create endpoint documents its optional `id` (OpenAPI).
ID_FROM_NAME = (
    "A readable, stable id (lower case, words joined by hyphens). Left out, it is derived from "
    "the name, with `-2`, `-3` ... added when that is taken; it never changes afterwards."
)


def slugify(name: str) -> str:
    """Lower-case ASCII words joined by hyphens, cut at a word boundary; "" if no letter or
    digit survives."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > _MOST:
        slug = slug[:_MOST].rsplit("-", 1)[0] if "-" in slug[:_MOST] else slug[:_MOST]
    return slug


def unique_slug(
    session: Session, column: InstrumentedAttribute[str], name: str, *, fallback: str
) -> str:
    """The slug of `name` (or `fallback` when the name has no letters or digits), with the
    first free `-2`, `-3` … suffix when the plain one is taken in `column`."""
    base = slugify(name) or fallback
    # Slugs hold only [a-z0-9-], so the pattern has no LIKE wildcards but its own `%`.
    taken = set(
        session.scalars(select(column).where(or_(column == base, column.like(f"{base}-%"))))
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
