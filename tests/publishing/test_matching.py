from __future__ import annotations

import datetime as dt

from app.publishing.matching import SavedFilters, StreamSnapshot, is_news, stream_matches

BOROUGHS = ["E09000001", "E09000022", "E09000023", "E09000030"]
ACTIVITIES = ["mentoring", "sport", "arts", "mediation"]


def stream(**changes: object) -> StreamSnapshot:
    values: dict[str, object] = {
        "slug": "youth-fund",
        "name": "Youth fund",
        "funder": "gla",
        "url": None,
        "opens_on": None,
        "closes_on": None,
        "programme_end": None,
        "min_award_pence": None,
        "max_award_pence": None,
        "total_budget_pence": None,
        "age_min": None,
        "age_max": None,
        "boroughs": frozenset(),
        "terms": {},
    }
    values.update(changes)
    return StreamSnapshot(**values)  # type: ignore[arg-type]


def test_empty_search_matches_every_stream() -> None:
    assert stream_matches(SavedFilters(), stream())


def test_all_london_stream_matches_any_borough() -> None:
    assert stream_matches(SavedFilters(boroughs=frozenset({"E09000022"})), stream())


def test_borough_stream_matches_only_its_boroughs() -> None:
    lewisham = stream(boroughs=frozenset({"E09000023"}))
    assert stream_matches(SavedFilters(boroughs=frozenset({"E09000023", "E09000001"})), lewisham)
    assert not stream_matches(SavedFilters(boroughs=frozenset({"E09000022"})), lewisham)


def test_repeated_terms_match_any_and_different_filters_must_all_match() -> None:
    tagged = stream(
        terms={"activity": frozenset({"mentoring"}), "violence_type": frozenset({"knife-crime"})}
    )
    any_of = SavedFilters(terms={"activity": frozenset({"sport", "mentoring"})})
    assert stream_matches(any_of, tagged)
    both = SavedFilters(
        terms={"activity": frozenset({"mentoring"}), "violence_type": frozenset({"domestic-abuse"})}
    )
    assert not stream_matches(both, tagged)


def test_untagged_stream_does_not_match_a_term_filter() -> None:
    assert not stream_matches(SavedFilters(terms={"strand": frozenset({"prevent"})}), stream())


def test_a_stream_naming_no_applicant_types_matches_every_type() -> None:
    wanted = SavedFilters(terms={"applicant_type": frozenset({"unincorporated-community-group"})})
    assert stream_matches(wanted, stream())
    charities = stream(terms={"applicant_type": frozenset({"registered-charity"})})
    assert not stream_matches(wanted, charities)


def test_funder_filter() -> None:
    assert stream_matches(SavedFilters(funders=frozenset({"gla", "mopac"})), stream())
    assert not stream_matches(SavedFilters(funders=frozenset({"mopac"})), stream())


def test_age_must_be_inside_the_stream_range_and_open_bounds_do_not_limit() -> None:
    teens = stream(age_min=10, age_max=18)
    assert stream_matches(SavedFilters(age=10), teens)
    assert stream_matches(SavedFilters(age=18), teens)
    assert not stream_matches(SavedFilters(age=21), teens)
    assert stream_matches(SavedFilters(age=40), stream(age_min=16))


def test_amount_must_fit_between_min_and_max_award() -> None:
    small = stream(min_award_pence=100_000, max_award_pence=1_000_000)
    assert stream_matches(SavedFilters(amount_pence=500_000), small)
    assert not stream_matches(SavedFilters(amount_pence=5_000_000), small)
    assert not stream_matches(SavedFilters(amount_pence=50_000), small)
    assert stream_matches(SavedFilters(amount_pence=5_000_000), stream(min_award_pence=100))


def test_closed_streams_are_not_news() -> None:
    today = dt.date(2026, 11, 25)
    assert not is_news(stream(closes_on=dt.date(2026, 11, 24)), today=today)
    assert is_news(stream(closes_on=today), today=today)
    assert is_news(stream(), today=today)


def test_filters_survive_a_json_round_trip() -> None:
    filters = SavedFilters(
        boroughs=frozenset({"E09000023"}),
        terms={"activity": frozenset({"mentoring", "sport"})},
        funders=frozenset({"gla"}),
        age=15,
        amount_pence=250_000,
    )
    assert SavedFilters.from_json(filters.to_json()) == filters
