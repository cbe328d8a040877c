from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.organisations.matching import SAME_NAME_THRESHOLD, name_similarity, significant_words


def test_the_seeded_anti_tribalism_movement_matches_its_charity_record() -> None:
    assert name_similarity("Anti-Tribalism Movement", "ANTI TRIBALISM MOVEMENT") == 1.0
    longer = name_similarity(
        "Anti-Tribalism Movement", "Hammersmith and Fulham Anti-Tribalism Movement"
    )
    assert SAME_NAME_THRESHOLD <= longer < 1.0


def test_noise_words_do_not_lower_the_score() -> None:
    assert name_similarity("The Flavasum Trust", "Flavasum Ltd") == 1.0


def test_different_organisations_score_low() -> None:
    assert name_similarity("Croydon BME Forum", "Mancunian Way") < SAME_NAME_THRESHOLD
    assert name_similarity("Croydon Boxing Club", "Lewisham Youth Theatre") < 0.5


def test_significant_words_are_the_longest_normalised_words() -> None:
    assert significant_words("The Anti-Tribalism Movement Ltd") == ["tribalism", "movement", "anti"]


names = st.text(alphabet=st.characters(categories=["L", "N", "Zs", "P"]), max_size=40)


@given(names, names)
def test_similarity_is_symmetric_and_between_0_and_1(a: str, b: str) -> None:
    score = name_similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == name_similarity(b, a)


@given(st.from_regex(r"[A-Za-z][A-Za-z ]{2,30}", fullmatch=True))
def test_a_name_matches_itself_in_any_case_with_noise_words(name: str) -> None:
    assert name_similarity(name, f"The {name.upper()} Ltd") == 1.0
