"""Caches the import uses to find (or create) funders, organisations, streams and boroughs
without a query per grant."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from app.awards.grants360 import (
    funder_grant_id,
    name_key,
    programme_keys,
    slugify,
    term_labels,
)
from app.core.bulk import insert_many
from app.funders.models import Funder
from app.imports.mapping import OrgRef
from app.organisations.models import Organisation
from app.organisations.names import match_name
from app.reference.models import Borough
from app.streams.models import FundingStream

# Past this many organisations the cache starts again, so memory stays bounded on huge files.
_ORG_CACHE_LIMIT = 200_000


class Lookups:
    def __init__(self, session: Session) -> None:
        self._session = session
        self.boroughs = frozenset(session.scalars(select(Borough.gss_code)))
        # The terms an award may be tagged with, and their labels (for the export).
        self.term_labels: dict[tuple[str, str], str] = term_labels(session)
        self.terms = frozenset(self.term_labels)
        self._funders: dict[str, int] = {
            org_id: pk
            for org_id, pk in session.execute(select(Funder.org_id, Funder.pk))
            if org_id is not None
        }
        self._funder_slugs = set(session.scalars(select(Funder.slug)))
        # Funders with no org-id are published under Signpost's own id from their slug
        # (mapping.funder_grant_id); a file that names one so means that funder.
        for slug, pk in session.execute(
            select(Funder.slug, Funder.pk).where(Funder.org_id.is_(None))
        ):
            self._funders.setdefault(funder_grant_id(None, slug), pk)
        self._streams: dict[tuple[int, str], int] = {}
        for pk, funder_pk, slug, name in session.execute(
            select(
                FundingStream.pk, FundingStream.funder_pk, FundingStream.slug, FundingStream.name
            )
        ):
            self._streams[(funder_pk, slug)] = pk
            self._streams.setdefault((funder_pk, name_key(name)), pk)
        self._orgs: dict[str, int] = {}

    def funder_pk(self, funder: OrgRef) -> int:
        """The funder with this org-id, created (slug from its name) when new."""
        pk = self._funders.get(funder.org_id)
        if pk is None:
            base = slugify(funder.name) or slugify(funder.org_id)
            slug, n = base, 1
            while slug in self._funder_slugs:
                n += 1
                slug = f"{base}-{n}"
            pk = self._session.execute(
                insert(Funder)
                .values(slug=slug, name=funder.name, org_id=funder.org_id, kind="")
                .returning(Funder.pk)
            ).scalar_one()
            self._funders[funder.org_id] = pk
            self._funder_slugs.add(slug)
        return pk

    def stream_pk(self, funder_pk: int, title: str | None, code: str | None) -> int | None:
        """The catalogued stream of this funder that a grant programme names: by slug equal to
        the programme's code or to its slugified title, or by name equal to its title (case and
        spacing aside)."""
        for key in programme_keys(title, code):
            if (funder_pk, key) in self._streams:
                return self._streams[(funder_pk, key)]
        return None

    def organisation_pks(self, orgs: Iterable[OrgRef]) -> dict[str, int]:
        """org-id -> pk for these organisations, creating the ones not yet known."""
        wanted = {org.org_id: org for org in orgs}
        if len(self._orgs) > _ORG_CACHE_LIMIT:
            self._orgs.clear()
        missing = [org_id for org_id in wanted if org_id not in self._orgs]
        if missing:
            found = self._session.execute(
                select(Organisation.org_id, Organisation.pk).where(Organisation.org_id.in_(missing))
            )
            self._orgs.update({org_id: pk for org_id, pk in found})
            new: list[dict[str, Any]] = [
                {
                    "org_id": org_id,
                    "name": wanted[org_id].name,
                    "match_name": match_name(wanted[org_id].name),
                }
                for org_id in missing
                if org_id not in self._orgs
            ]
            if new:
                table = cast(Table, Organisation.__table__)
                # A plain executemany, then one indexed lookup of the new keys: RETURNING in
                # parameter order makes SQLite insert row by row.
                insert_many(self._session, table, new)
                created = self._session.execute(
                    select(table.c.org_id, table.c.pk).where(
                        table.c.org_id.in_([row["org_id"] for row in new])
                    )
                )
                self._orgs.update({org_id: pk for org_id, pk in created})
        return {org_id: self._orgs[org_id] for org_id in wanted}
