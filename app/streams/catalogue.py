"""The rule data of every stream, read with a handful of queries and kept in process.

An eligibility check reads every stream's rules; at 10,000 streams loading them per request costs
more than checking them. The copy is reloaded whenever the catalogue token (renewed by every
`reindex_streams`, i.e. by every write to streams, and by a seed that changes boroughs or
vocabulary terms) differs from the one it was read under, so it is never stale, in any worker,
even after a rolled-back write.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.eligibility.facts import Names, StreamRules
from app.funders.models import Funder
from app.reference.models import Borough, VocabularyTerm
from app.streams.filters import OPEN_WHEN_UNNAMED
from app.streams.models import EligibilityRules, FundingStream, StreamBorough, StreamTerm, ratio
from app.streams.search_index import catalogue_token
from app.streams.snapshot import SearchSnapshot, load_search_snapshot
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


def load_catalogue(session: Session) -> Catalogue:
    """Reads every stream's rules and the labels the messages use (five queries)."""
    terms: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for pk, vocabulary, slug in session.execute(
        select(StreamTerm.stream_pk, StreamTerm.vocabulary, StreamTerm.slug).where(
            StreamTerm.vocabulary.in_(_RULE_VOCABULARIES)
        )
    ):
        terms[pk][vocabulary].add(slug)
    boroughs: dict[int, set[str]] = defaultdict(set)
    for pk, code in session.execute(select(StreamBorough.stream_pk, StreamBorough.gss_code)):
        boroughs[pk].add(code)
    s, e = FundingStream, EligibilityRules
    # Plain columns, not entities: no relationship loading for thousands of rows.
    rows = session.execute(
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
    ).all()
    cards = []
    for r in rows:
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
_cached: tuple[str, Catalogue] | None = None


def current_catalogue(session: Session) -> Catalogue:
    """The catalogue as of the session's transaction, from the cache when nothing changed."""
    global _cached
    token = catalogue_token(session)
    cached = _cached
    if token is not None and cached is not None and cached[0] == token:
        return cached[1]
    with _lock:
        # Requests that arrived together wait here for the first one's load, then share it.
        cached = _cached
        if token is not None and cached is not None and cached[0] == token:
            return cached[1]
        catalogue = load_catalogue(session)
        if token is not None:
            _cached = (token, catalogue)
    return catalogue
