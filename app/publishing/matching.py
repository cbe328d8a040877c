"""Whether a funding stream matches a saved search: pure functions, no database.

The semantics are those of `GET /v1/streams`: a repeatable filter matches when the stream has any
of the values asked for; different filters must all match; a stream that lists no boroughs covers
all London and so matches every borough; `age` must fall inside the stream's age range and
`amount` between its minimum and maximum award (a missing bound does not limit). Closed streams
are not news, as search leaves them out by default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.reference.models import VOCABULARIES
from app.streams.status import Status, stream_status

# Filters that name vocabulary terms: a query parameter per vocabulary, named after it.
TERM_FILTERS: tuple[str, ...] = VOCABULARIES


@dataclass(frozen=True)
class StreamSnapshot:
    """What a stream looked like at one moment: enough to match it and to describe a change."""

    slug: str
    name: str
    funder: str
    url: str | None
    opens_on: dt.date | None
    closes_on: dt.date | None
    programme_end: dt.date | None
    min_award_pence: int | None
    max_award_pence: int | None
    total_budget_pence: int | None
    age_min: int | None
    age_max: int | None
    # Empty means all London.
    boroughs: frozenset[str] = frozenset()
    # Vocabulary name -> the slugs the stream is tagged with.
    terms: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def status(self, today: dt.date) -> Status:
        return stream_status(self.opens_on, self.closes_on, self.programme_end, today=today)


@dataclass(frozen=True)
class SavedFilters:
    """A saved search: the filters of `GET /v1/streams`, values already validated."""

    boroughs: frozenset[str] = frozenset()
    terms: Mapping[str, frozenset[str]] = field(default_factory=dict)
    funders: frozenset[str] = frozenset()
    age: int | None = None
    amount_pence: int | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"borough": sorted(self.boroughs), "funder": sorted(self.funders)}
        for name in TERM_FILTERS:
            data[name] = sorted(self.terms.get(name, frozenset()))
        data["age"] = self.age
        data["amount_pence"] = self.amount_pence
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SavedFilters:
        return cls(
            boroughs=frozenset(data.get("borough", ())),
            terms={n: frozenset(data.get(n, ())) for n in TERM_FILTERS if data.get(n)},
            funders=frozenset(data.get("funder", ())),
            age=data.get("age"),
            amount_pence=data.get("amount_pence"),
        )


def _within(value: int, low: int | None, high: int | None) -> bool:
    return (low is None or low <= value) and (high is None or value <= high)


def stream_matches(filters: SavedFilters, stream: StreamSnapshot) -> bool:
    """Tells whether `stream` would be in the results of the saved search (status aside)."""
    if filters.boroughs and stream.boroughs and not filters.boroughs & stream.boroughs:
        return False
    for name, wanted in filters.terms.items():
        if wanted and not wanted & stream.terms.get(name, frozenset()):
            return False
    if filters.funders and stream.funder not in filters.funders:
        return False
    if filters.age is not None and not _within(filters.age, stream.age_min, stream.age_max):
        return False
    return filters.amount_pence is None or _within(
        filters.amount_pence, stream.min_award_pence, stream.max_award_pence
    )


def is_news(stream: StreamSnapshot, *, today: dt.date) -> bool:
    """A closed stream is not worth an alert (search leaves closed streams out by default)."""
    return stream.status(today) != "closed"
