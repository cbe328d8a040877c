"""Whether a funding stream matches a saved search: pure functions, no database.

A saved search holds some of the filters of `GET /v1/streams`, and means what they mean there:
`stream_matches` applies the search's own definition (app/streams/filters.py). Closed streams
are not news, as search leaves them out by default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.streams.filters import TERM_FILTERS, StreamFacts, StreamFilters, stream_passes
from app.streams.status import Status, stream_status


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
    # A demonstration round, not a real opportunity: every payload says so.
    illustrative: bool = False

    def status(self, today: dt.date) -> Status:
        return stream_status(self.opens_on, self.closes_on, self.programme_end, today=today)

    def facts(self) -> StreamFacts:
        """What the search filters read of the stream."""
        return StreamFacts(
            funder=self.funder,
            terms=dict(self.terms),
            boroughs=self.boroughs,
            opens_on=self.opens_on,
            closes_on=self.closes_on,
            programme_end=self.programme_end,
            age_min=self.age_min,
            age_max=self.age_max,
            min_award_pence=self.min_award_pence,
            max_award_pence=self.max_award_pence,
        )


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

    def as_search(self) -> StreamFilters:
        """The same filters as a stream search's, status aside (`is_news` decides that)."""
        return StreamFilters(
            boroughs=tuple(self.boroughs),
            terms={name: tuple(slugs) for name, slugs in self.terms.items()},
            funders=tuple(self.funders),
            statuses=("any",),
            age=self.age,
            amount_pence=self.amount_pence,
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SavedFilters:
        return cls(
            boroughs=frozenset(data.get("borough", ())),
            terms={n: frozenset(data.get(n, ())) for n in TERM_FILTERS if data.get(n)},
            funders=frozenset(data.get("funder", ())),
            age=data.get("age"),
            amount_pence=data.get("amount_pence"),
        )


def stream_matches(filters: SavedFilters, stream: StreamSnapshot) -> bool:
    """Tells whether `stream` would be in the results of the saved search (status aside)."""
    return stream_passes(filters.as_search(), stream.facts())


def is_news(stream: StreamSnapshot, *, today: dt.date) -> bool:
    """A closed stream is not worth an alert (search leaves closed streams out by default)."""
    return stream.status(today) != "closed"
