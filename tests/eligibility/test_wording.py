"""How messages say things: articles, labels in running text, shares and counts."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from app.eligibility.wording import counted, in_sentence, share, with_article


@pytest.mark.parametrize(
    ("label", "said"),
    [
        ("Unincorporated community group", "an unincorporated community group"),
        ("Registered charity", "a registered charity"),
        (
            "Charitable incorporated organisation (CIO)",
            "a charitable incorporated organisation (CIO)",
        ),
        ("Community interest company (CIC)", "a community interest company (CIC)"),
        ("Faith group", "a faith group"),
        ("Local authority", "a local authority"),
        ("CIC", "a CIC"),
        ("LLP", "an LLP"),
        ("University", "a university"),
        ("Independent school", "an independent school"),
        ("One-year project", "a one-year project"),
    ],
)
def test_labels_take_the_article_they_are_said_with(label: str, said: str) -> None:
    assert with_article(label) == said


def test_labels_in_running_text_keep_only_their_acronyms_capitalised() -> None:
    assert in_sentence("Social enterprise") == "social enterprise"
    assert in_sentence("CIO") == "CIO"


@pytest.mark.parametrize(
    ("ratio", "said"),
    [
        (Fraction(1, 2), "half"),
        (Fraction(1, 3), "a third"),
        (Fraction(2, 3), "two thirds"),
        (Fraction(1, 4), "a quarter"),
        (Fraction(2, 5), "40%"),
        (Fraction(1, 8), "12.5%"),
        (Fraction(1), "all"),
    ],
)
def test_shares_are_said_as_people_say_them(ratio: Fraction, said: str) -> None:
    assert share(ratio) == said


def test_counts_agree_with_their_number() -> None:
    assert counted(1, "month") == "1 month"
    assert counted(24, "month") == "24 months"
    assert counted(Decimal("1.5"), "year") == "1.5 years"
    assert counted(Decimal("1.0"), "year") == "1 year"
