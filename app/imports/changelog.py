"""What an import writes to the public change log, in the API's words and units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.awards.aggregates import NewAward, Refresh
from app.awards.search_index import index_awards
from app.changes.service import record_changes
from app.core.money import pence_to_pounds
from app.imports.mapping import GrantRecord


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


def _api_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


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
        "recipient": record.recipient.org_id,
        "boroughs": list(record.borough_codes),
    }


def _updated_entry(change: AwardChange) -> tuple[dict[str, Any], dict[str, Any]]:
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for column, (old, new) in change.changes.items():
        if column == "raw":
            continue  # the original grant: its mapped fields are logged one by one
        name = _LOGGED_AS.get(column, column)
        if column == "amount_pence":
            old, new = pence_to_pounds(old), pence_to_pounds(new)
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
    refresh.created(c.aggregated() for c in created)
    if updated:
        refresh.awards(c.pk for c in updated)
    entries: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]] = [
        (c.record.identifier, None, _created_entry(c.record)) for c in created
    ]
    entries += [(c.identifier, *_updated_entry(c)) for c in updated]
    record_changes(session, actor=actor, resource="award", entries=entries)
