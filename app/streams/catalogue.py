"""The rule data of every stream, read with a handful of queries and kept in process.

An eligibility check reads every stream's rules; at 10,000 streams loading them per request costs
more than checking them. The copy is reloaded whenever the catalogue token (renewed by every
`reindex_streams`, i.e. by every write to streams, and by a seed that changes boroughs or
vocabulary terms) differs from the one it was read under, so it is never stale, in any worker,
even after a rolled-back write.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.commits import CommitWatch, commit_watch
from app.eligibility.facts import Names, StreamRules
from app.funders.models import Funder
from app.reference.models import Borough, VocabularyTerm
from app.streams.filters import OPEN_WHEN_UNNAMED
from app.streams.models import EligibilityRules, FundingStream, StreamBorough, StreamTerm, ratio
from app.streams.search_index import CatalogueState, catalogue_state, changed_since
from app.streams.snapshot import SearchSnapshot, load_search_snapshot
from app.streams.snapshot_update import updated_snapshot
from app.streams.status import Status, stream_status

_RULE_VOCABULARIES = ("applicant_type", "activity", "violence_type", "beneficiary_group")


@dataclass(frozen=True, slots=True)
class StreamCard:
    """How a stream appears in an eligibility answer."""

    rules: StreamRules
    slug: str
    name: str
    funder_id: str
    funder_name: str
    url: str | None
    max_award_pence: int | None
    illustrative: bool


@dataclass
class Catalogue:
    """Everything read under one catalogue token: never changed once built, only added to (the
    search snapshot on first use, the streams' statuses of each day)."""

    streams: tuple[StreamCard, ...]
    names: Names
    # Every value of each search dimension open when unnamed (boroughs, applicant types): a
    # stream naming none of them counts in each value's facet.
    every_value: dict[str, tuple[str, ...]]
    _search: SearchSnapshot | None = None
    _by_day: dict[tuple[dt.date, bool], list[tuple[StreamCard, Status]]] = field(
        default_factory=dict
    )
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def search(self, session: Session) -> SearchSnapshot:
        """The search snapshot, read with `session` (whose token this catalogue was read under)."""
        found = self._search
        if found is None:
            with self._lock:
                found = self._search
                if found is None:
                    found = self._search = load_search_snapshot(session)
        return found

    def search_loaded(self) -> bool:
        return self._search is not None

    def updated(self, session: Session, changed: Collection[int]) -> Catalogue:
        """This catalogue with the streams of `changed` read again (from the same session as
        the catalogue token that follows this one's)."""
        if not changed:
            return Catalogue(self.streams, self.names, self.every_value, _search=self._search)
        streams = list(self.streams)
        for pk in changed:
            at = bisect.bisect_left(streams, pk, key=_pk)
            if at < len(streams) and streams[at].rules.pk == pk:
                del streams[at]
        for card in _cards(session, changed):
            streams.insert(bisect.bisect_left(streams, card.rules.pk, key=_pk), card)
        search = self._search
        if search is not None:
            search = updated_snapshot(session, search, changed)
        return Catalogue(tuple(streams), self.names, self.every_value, _search=search)

    def with_status(
        self, today: dt.date, *, include_closed: bool
    ) -> list[tuple[StreamCard, Status]]:
        """Every stream (or every stream not closed) with its status on `today`."""
        found = self._by_day.get((today, include_closed))
        if found is None:
            found = []
            for card in self.streams:
                r = card.rules
                status = stream_status(r.opens_on, r.closes_on, r.programme_end, today=today)
                if include_closed or status != "closed":
                    found.append((card, status))
            with self._lock:
                if len(self._by_day) > 4:
                    self._by_day.clear()
                self._by_day[(today, include_closed)] = found
        return found


def _pk(card: StreamCard) -> int:
    return card.rules.pk


def _cards(session: Session, pks: Collection[int] | None) -> list[StreamCard]:
    """The cards of every live stream, or of those of `pks` that are live, in pk order."""
    s, e = FundingStream, EligibilityRules
    terms_query = select(StreamTerm.stream_pk, StreamTerm.vocabulary, StreamTerm.slug).where(
        StreamTerm.vocabulary.in_(_RULE_VOCABULARIES)
    )
    boroughs_query = select(StreamBorough.stream_pk, StreamBorough.gss_code)
    # Plain columns, not entities: no relationship loading for thousands of rows.
    rows_query = (
        select(
            s.pk,
            s.slug,
            s.name,
            s.url,
            s.illustrative,
            s.age_min,
            s.age_max,
            s.min_award_pence,
            s.max_award_pence,
            s.max_duration_months,
            s.opens_on,
            s.closes_on,
            s.programme_end,
            Funder.slug.label("funder_slug"),
            Funder.name.label("funder_name"),
            e.income_min_pence,
            e.income_max_pence,
            e.min_years_operating,
            e.max_grant_to_income_numerator,
            e.max_grant_to_income_denominator,
            e.registered_number_required,
            e.safeguarding_policy_required,
            e.london_based_required,
            e.other_criteria,
        )
        .join(Funder, Funder.pk == s.funder_pk)
        .outerjoin(e, e.stream_pk == s.pk)
        .where(s.deleted_at.is_(None))
        .order_by(s.pk)
    )
    if pks is not None:
        terms_query = terms_query.where(StreamTerm.stream_pk.in_(pks))
        boroughs_query = boroughs_query.where(StreamBorough.stream_pk.in_(pks))
        rows_query = rows_query.where(s.pk.in_(pks))
    terms: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for pk, vocabulary, slug in session.execute(terms_query):
        terms[pk][vocabulary].add(slug)
    boroughs: dict[int, set[str]] = defaultdict(set)
    for pk, code in session.execute(boroughs_query):
        boroughs[pk].add(code)
    cards = []
    for r in session.execute(rows_query):
        mine = terms.get(r.pk, {})
        rules = StreamRules(
            pk=r.pk,
            applicant_types=frozenset(mine.get("applicant_type", ())),
            income_min_pence=r.income_min_pence,
            income_max_pence=r.income_max_pence,
            min_years_operating=r.min_years_operating,
            max_grant_to_income_ratio=ratio(
                r.max_grant_to_income_numerator, r.max_grant_to_income_denominator
            ),
            registered_number_required=r.registered_number_required,
            safeguarding_policy_required=r.safeguarding_policy_required,
            london_based_required=r.london_based_required,
            boroughs=frozenset(boroughs.get(r.pk, ())),
            age_min=r.age_min,
            age_max=r.age_max,
            min_award_pence=r.min_award_pence,
            max_award_pence=r.max_award_pence,
            max_duration_months=r.max_duration_months,
            activities=frozenset(mine.get("activity", ())),
            violence_types=frozenset(mine.get("violence_type", ())),
            beneficiary_groups=frozenset(mine.get("beneficiary_group", ())),
            opens_on=r.opens_on,
            closes_on=r.closes_on,
            programme_end=r.programme_end,
            other_criteria=(r.other_criteria or "").strip(),
        )
        cards.append(
            StreamCard(
                rules,
                r.slug,
                r.name,
                r.funder_slug,
                r.funder_name,
                r.url,
                r.max_award_pence,
                r.illustrative,
            )
        )
    return cards


def load_catalogue(session: Session) -> Catalogue:
    """Reads every stream's rules and the labels the messages use (six queries)."""
    cards = _cards(session, None)
    vocabulary_terms = session.execute(
        select(VocabularyTerm.vocabulary, VocabularyTerm.slug, VocabularyTerm.label)
    ).all()
    names = Names(
        boroughs={
            code: name for code, name in session.execute(select(Borough.gss_code, Borough.name))
        },
        terms={slug: label for _, slug, label in vocabulary_terms},
    )
    values: dict[str, list[str]] = defaultdict(list, borough=list(names.boroughs))
    for vocabulary, slug, _ in vocabulary_terms:
        values[vocabulary].append(slug)
    every_value = {d: tuple(sorted(values[d])) for d in OPEN_WHEN_UNNAMED}
    return Catalogue(streams=tuple(cards), names=names, every_value=every_value)


_lock = threading.Lock()
# The catalogues of the latest tokens this process read, newest last: a request whose
# transaction began just before a write still finds the one it needs.
_cached: list[tuple[CatalogueState, Catalogue]] = []
_KEPT = 2
# On a SQLite file: the commit count (app/core/commits.py) and the state read after it. While
# the count stays, nothing was committed since, and that state is still the database's.
_seen: tuple[CommitWatch, int, CatalogueState] | None = None


def _held(state: CatalogueState) -> Catalogue | None:
    for held, catalogue in reversed(_cached):
        if held.token == state.token:
            return catalogue
    return None


def _brought_up_to_date(session: Session, state: CatalogueState) -> Catalogue | None:
    """The newest cached catalogue the log can bring up to `state`, brought up to it."""
    for held, base in reversed(_cached):
        changed = changed_since(session, held, state)
        if changed is not None:
            return base.updated(session, changed)
    return None


def current_catalogue(session: Session) -> Catalogue:
    """The catalogue as of the session's transaction: from the cache when nothing changed
    (on a SQLite file, known without a query while nothing was committed since the last
    look), brought up to date from the cached one when the log says which streams changed,
    else read whole."""
    global _cached, _seen
    watch = commit_watch(session)
    if watch is not None:
        # Read before the state: a state read after it is at least as new.
        version = watch.version()
        seen = _seen
        if seen is not None and seen[:2] == (watch, version):
            found = _held(seen[2])
            if found is not None:
                return found
    state = catalogue_state(session)
    if watch is not None and state is not None:
        _seen = (watch, version, state)
    found = None if state is None else _held(state)
    if found is not None:
        return found
    with _lock:
        # Requests that arrived together wait here for the first one's load, then share it.
        found = None if state is None else _held(state)
        if found is not None:
            return found
        catalogue = None if state is None else _brought_up_to_date(session, state)
        if catalogue is None:
            catalogue = load_catalogue(session)
        # Cached only if no write committed while it was read: on PostgreSQL each statement of
        # a transaction may see a later commit (read committed), and a catalogue with some
        # rows newer than its token would go wrong when brought up to date.
        if state is not None and catalogue_state(session) == state:
            _cached = [*_cached[1 - _KEPT :], (state, catalogue)]
    return catalogue


def loaded() -> bool:
    """Whether this process holds a catalogue with its search snapshot."""
    return any(c.search_loaded() for _, c in _cached)
