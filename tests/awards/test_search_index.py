"""Picking the rarest words of a proposal's text for the awards' full-text search."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from app.awards import search_index
from app.awards.search_index import candidate_awards, index_awards
from tests.factories import add_award


def _awards(session: Session, descriptions: list[str]) -> list[int]:
    awards = [
        add_award(
            session,
            f"360G-words-{i}",
            recipient=("GB-CHC-1234567", "Words"),
            description=text,
            award_date=dt.date(2020, 1, 1),
        )
        for i, text in enumerate(descriptions)
    ]
    index_awards(session, [a.pk for a in awards])
    return [a.pk for a in awards]


@pytest.fixture
def sqlite(session: Session) -> None:
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL takes the longest words for the rarest")


@pytest.mark.usefixtures("sqlite")
def test_rarer_words_come_first_and_unknown_ones_are_dropped(session: Session) -> None:
    _awards(session, ["zyxcommon zyxmiddle zyxrare", "zyxcommon zyxmiddle", "zyxcommon"])
    words = ["zyxcommon", "zyxunknown", "zyxmiddle", "zyxrare"]
    assert search_index._rarest(session, words) == ["zyxrare", "zyxmiddle", "zyxcommon"]


@pytest.mark.usefixtures("sqlite")
def test_words_counted_up_to_the_bound_keep_their_order(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_index, "RARE_ENOUGH", 2)
    _awards(session, ["zyxaaa zyxbbbb zyxcc", "zyxaaa zyxbbbb", "zyxaaa zyxbbbb"])
    # zyxaaa and zyxbbbb are both "common" (counted to 2): longest first, as given.
    words = ["zyxbbbb", "zyxaaa", "zyxcc"]
    assert search_index._rarest(session, words) == ["zyxcc", "zyxbbbb", "zyxaaa"]


def test_candidates_share_the_rarest_words_newest_first(session: Session) -> None:
    pks = _awards(session, ["zyxone zyxtwo", "zyxone", "zyxtwo zyxone zyxthree"])
    found = candidate_awards(session, "zyxone zyxtwo zyxthree", limit=10)
    assert found[0] == pks[2]
    assert set(found) == set(pks)
