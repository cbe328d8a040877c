"""Readable ids from names."""

from __future__ import annotations

import pytest

from app.core.slugs import slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Young Londoners Fund: Round 2", "young-londoners-fund-round-2"),
        (
            "Community Safety Small Grants \u2013 rolling (illustrative)",
            "community-safety-small-grants-rolling-illustrative",
        ),
        ("  Café Société & Co.  ", "cafe-societe-co"),
        ("!!!", ""),
    ],
)
def test_a_name_becomes_lower_case_words_joined_by_hyphens(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_long_name_is_cut_at_a_word_boundary() -> None:
    slug = slugify("violence " * 30)
    assert len(slug) <= 100 and slug.endswith("violence")
