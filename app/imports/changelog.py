"""What an import writes to the public change log, in the API's words and units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards.aggregates import NewAward, Refresh
from app.awards.grants360 import funder_grant_id
from app.awards.models import AWARD_VOCABULARIES
from app.awards.search_index import index_awards
from app.changes.service import record_changes
from app.core.money import pence_to_pounds
from app.funders.models import Funder
from app.imports.mapping import GrantRecord
from app.organisations.models import Organisation
from app.reference.vocabularies import PLURALS
from app.streams.models import FundingStream


@dataclass(frozen=True)
class AwardChange:
    """An award an import changed: each changed field with its value before and after."""

    pk: int
    identifier: str
    changes: dict[str, tuple[Any, Any]]


@dataclass(frozen=True)
class AwardCreated:
    """An award an import created, with the funder it was filed under."""

    pk: int
    funder_pk: int
    record: GrantRecord

    def aggregated(self) -> NewAward:
        r = self.record
        return NewAward(
            pk=self.pk,
            award_date=r.award_date,
            currency=r.currency,
            funder_pk=self.funder_pk,
            amount_pence=r.amount_pence,
            planned_start=r.planned_start,
            planned_end=r.planned_end,
            borough_codes=r.borough_codes,
        )


# How an import's column names read in the change log, which speaks the API's words and units.
_LOGGED_AS = {
    "amount_pence": "amount",
    "funder_pk": "funder",
    "recipient_pk": "recipient",
    "stream_pk": "stream_id",
}
# The keys a column refers by, and the public id each is logged as.
_PUBLIC_IDS: dict[str, Any] = {
    "funder_pk": (Funder.pk, Funder.slug, Funder.org_id),
    "recipient_pk": (Organisation.pk, Organisation.org_id, None),
    "stream_pk": (FundingStream.pk, FundingStream.slug, None),
}


def _api_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class _Ids:
    """Public ids of the funders, organisations and streams that changes refer to by key."""

    def __init__(self, session: Session, changes: list[AwardChange]) -> None:
        self.ids: dict[str, dict[int, str]] = {}
        for column, (key, public, org_id) in _PUBLIC_IDS.items():
            pks = {v for c in changes for v in c.changes.get(column, ()) if v is not None}
            if not pks:
                continue
            picked = [key, public] + ([org_id] if org_id is not None else [])
            found = session.execute(select(*picked).where(key.in_(pks)))
            self.ids[column] = {
                pk: funder_grant_id(rest[0], public_id) if rest else public_id
                for pk, public_id, *rest in found
            }

    def of(self, column: str, value: Any) -> Any:
        if column in self.ids and value is not None:
            return self.ids[column].get(value, value)
        return value


def _terms_by_vocabulary(terms: Any) -> dict[str, list[str]]:
    """Terms as the API names them: `activities`, `violence_types`, `beneficiary_groups`."""
    return {
        PLURALS[v]: sorted(slug for vocabulary, slug in terms if vocabulary == v)
        for v in AWARD_VOCABULARIES
        if any(vocabulary == v for vocabulary, _ in terms)
    }


def _created_entry(record: GrantRecord) -> dict[str, Any]:
    """What the change log records of an award an import created (API units)."""
    return {
        "title": record.title,
        "amount": pence_to_pounds(record.amount_pence),
        "currency": record.currency,
        "award_date": _api_value(record.award_date),
        "planned_start": _api_value(record.planned_start),
        "planned_end": _api_value(record.planned_end),
        "funder": record.funder.org_id,
        "recipient": record.recipient.org_id if record.recipient else None,
        "recipient_individual": record.individual["id"] if record.individual else None,
        "boroughs": list(record.borough_codes),
    } | _terms_by_vocabulary(record.terms or ())


def _updated_entry(change: AwardChange, ids: _Ids) -> tuple[dict[str, Any], dict[str, Any]]:
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for column, (old, new) in change.changes.items():
        if column == "terms":
            old_terms, new_terms = _terms_by_vocabulary(old), _terms_by_vocabulary(new)
            for field in sorted(old_terms.keys() | new_terms.keys()):
                if old_terms.get(field, []) != new_terms.get(field, []):
                    before[field] = old_terms.get(field, [])
                    after[field] = new_terms.get(field, [])
            continue
        if column == "raw":
            # The published grant: each top-level field that changed, as `grant.<field>`, so
            # that no change (even to a field no column holds) moves the version unlogged.
            old_grant, new_grant = old or {}, new or {}
            for key in sorted(old_grant.keys() | new_grant.keys()):
                if old_grant.get(key) != new_grant.get(key):
                    before[f"grant.{key}"] = old_grant.get(key)
                    after[f"grant.{key}"] = new_grant.get(key)
            continue
        name = _LOGGED_AS.get(column, column)
        if column == "amount_pence":
            old, new = pence_to_pounds(old), pence_to_pounds(new)
        old, new = ids.of(column, old), ids.of(column, new)
        before[name], after[name] = _api_value(old), _api_value(new)
    return before, after


def after_awards_imported(
    session: Session,
    *,
    actor: str,
    created: list[AwardCreated],
    updated: list[AwardChange],
    refresh: Refresh,
) -> None:
    """Runs after each batch of an import is written, inside the import's transaction, so that
    it is rolled back with a refused import or a dry run: logs every created and changed award
    in the public change log and brings the full-text index and aggregates up to date (the
    aggregate cells themselves a few times in the whole import: `Refresh`). Created awards are
    aggregated from the values written; changed ones are read back (they may have terms)."""
    index_awards(session, [c.pk for c in created] + [c.pk for c in updated])
    # Awards created with terms are read back, like changed ones: their terms count too.
    refresh.created(c.aggregated() for c in created if not c.record.terms)
    read_back = [c.pk for c in created if c.record.terms] + [c.pk for c in updated]
    if read_back:
        refresh.awards(read_back)
    entries: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]] = [
        (c.record.identifier, None, _created_entry(c.record)) for c in created
    ]
    ids = _Ids(session, updated)
    entries += [(c.identifier, *_updated_entry(c, ids)) for c in updated]
    record_changes(session, actor=actor, resource="award", entries=entries)
