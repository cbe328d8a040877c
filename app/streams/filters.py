"""What each stream search filter means: the one definition that every way of matching streams
reads (the SQL search and its facets, the in-process snapshot and its facets, the Atom feed and
calendar, and saved-search alerts).

Between filters AND, within one repeated filter OR. Two kinds of filter:

- a *values* filter (borough, a vocabulary, funder) passes a stream that has one of the values
  asked for. Some dimensions limit who may apply or where: a stream naming none of their
  values is open to all of them (all London, every applicant type), so it passes whatever is
  asked, as the eligibility check treats it;
- a *bound* filter compares a date or number of the stream with the value asked for; a stream
  that leaves it unset passes or not as `unset_passes` says.

`stream_passes` applies the definition to one stream in plain Python; `app.streams.search`
turns it into SQL and `app.streams.memory_search` into set operations. A property-based test
holds the three equal on generated streams and filters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from app.reference.models import VOCABULARIES
from app.streams.status import Status

# Filters that name vocabulary terms: a query parameter per vocabulary, named after it.
TERM_FILTERS: tuple[str, ...] = VOCABULARIES
# Dimensions where naming nothing means open to everything: they say who may apply or where,
# not what is funded (a stream naming no activity does not fund every activity).
OPEN_WHEN_UNNAMED: frozenset[str] = frozenset({"borough", "applicant_type"})
VALUE_FILTERS: tuple[str, ...] = ("borough", *TERM_FILTERS, "funder")


@dataclass(frozen=True)
class BoundFilter:
    """The stream's `attribute` must be at most (`at_most`) or at least the value asked for in
    the filter's `param`; a stream without the attribute passes when `unset_passes`."""

    param: str
    attribute: str
    at_most: bool
    unset_passes: bool


BOUND_FILTERS: tuple[BoundFilter, ...] = (
    # `age` falls inside the stream's age range; a missing end does not limit.
    BoundFilter("age", "age_min", at_most=True, unset_passes=True),
    BoundFilter("age", "age_max", at_most=False, unset_passes=True),
    # `amount` fits between the smallest and largest grant; a missing one does not limit.
    BoundFilter("amount_pence", "min_award_pence", at_most=True, unset_passes=True),
    BoundFilter("amount_pence", "max_award_pence", at_most=False, unset_passes=True),
    # A rolling stream never closes: it closes after any date, and before none.
    BoundFilter("closes_after", "closes_on", at_most=False, unset_passes=True),
    BoundFilter("closes_before", "closes_on", at_most=True, unset_passes=False),
)
Comparable = int | dt.date


@dataclass(frozen=True)
class StreamFilters:
    q: str | None = None
    boroughs: Sequence[str] = ()
    terms: dict[str, Sequence[str]] = field(default_factory=dict)
    funders: Sequence[str] = ()
    # Empty means the default: everything but closed rounds. "any" means no status filter.
    statuses: Sequence[str] = ()
    age: int | None = None
    amount_pence: int | None = None
    closes_after: dt.date | None = None
    closes_before: dt.date | None = None

    def wanted(self, dimension: str) -> Sequence[str]:
        """The values asked for in a values filter (empty: the filter is not set)."""
        if dimension == "borough":
            return self.boroughs
        if dimension == "funder":
            return self.funders
        return self.terms.get(dimension, ())

    def bound(self, bound: BoundFilter) -> Comparable | None:
        value: Comparable | None = getattr(self, bound.param)
        return value

    def without(self, dimension: str) -> StreamFilters:
        """The same filters with one facet dimension's own filter taken off."""
        if dimension == "borough":
            return replace(self, boroughs=())
        if dimension == "funder":
            return replace(self, funders=())
        if dimension == "status":
            return replace(self, statuses=("any",))
        return replace(self, terms={**self.terms, dimension: ()})

    def filters_on(self, dimension: str) -> bool:
        if dimension == "status":
            return True  # even unset, the status filter hides closed rounds
        return bool(self.wanted(dimension))


@dataclass(frozen=True, slots=True)
class StreamFacts:
    """What the filters read of one stream (text aside)."""

    funder: str
    terms: dict[str, frozenset[str]]  # vocabulary -> slugs
    boroughs: frozenset[str]  # empty: all London
    opens_on: dt.date | None
    closes_on: dt.date | None
    programme_end: dt.date | None
    age_min: int | None
    age_max: int | None
    min_award_pence: int | None
    max_award_pence: int | None

    def named(self, dimension: str) -> frozenset[str]:
        """The values the stream names in a values filter's dimension."""
        if dimension == "borough":
            return self.boroughs
        if dimension == "funder":
            return frozenset((self.funder,))
        return self.terms.get(dimension, frozenset())


def bounds_test(filters: StreamFilters) -> Callable[[StreamFacts], bool] | None:
    """The bound filters that are set, as one test of a stream; None when none is set."""
    asked = tuple(b for b in BOUND_FILTERS if filters.bound(b) is not None)
    if not asked:
        return None
    return _compiled(asked)(*(filters.bound(b) for b in asked))


@lru_cache(maxsize=64)
def _compiled(bounds: tuple[BoundFilter, ...]) -> Callable[..., Callable[[StreamFacts], bool]]:
    # The snapshot tests every stream of a search (10,000 of them) with the bounds set: written
    # out as one expression the test costs a third of what looping over the definitions per
    # stream does. Only this module's constant attribute names reach the source; the values
    # asked for are arguments.
    checks = []
    for i, bound in enumerate(bounds):
        own = f"f.{bound.attribute}"
        compare = f"{own} {'<=' if bound.at_most else '>='} v{i}"
        unset = f"{own} is None" if bound.unset_passes else f"{own} is not None and"
        checks.append(f"({unset} or {compare})" if bound.unset_passes else f"({unset} {compare})")
    values = ", ".join(f"v{i}" for i in range(len(bounds)))
    factory: Callable[..., Callable[[StreamFacts], bool]] = eval(
        f"lambda {values}: lambda f: {' and '.join(checks)}"
    )
    return factory


def status_passes(statuses: Sequence[str], status: Status) -> bool:
    if "any" in statuses:
        return True
    return status in statuses if statuses else status != "closed"


def stream_passes(filters: StreamFilters, facts: StreamFacts, status: Status | None = None) -> bool:
    """Whether a stream passes every filter but the text; `status` None leaves status aside."""
    for dimension in VALUE_FILTERS:
        wanted = filters.wanted(dimension)
        if not wanted:
            continue
        named = facts.named(dimension)
        if not named and dimension in OPEN_WHEN_UNNAMED:
            continue
        if named.isdisjoint(wanted):
            return False
    bounds = bounds_test(filters)
    if bounds is not None and not bounds(facts):
        return False
    return status is None or status_passes(filters.statuses, status)
