from __future__ import annotations

from app.organisations.names import match_name


def test_names_differing_only_in_noise_words_match() -> None:
    assert match_name("The Flavasum Trust") == match_name("Flavasum")
    assert match_name("Dwaynamics CIC") == match_name("DWAYNAMICS")
    assert match_name("Limehouse Project Ltd") == match_name("Limehouse Project Limited")


def test_punctuation_and_ampersands_do_not_matter() -> None:
    assert match_name("Somali Relief & Islamic Cultural Centre") == match_name(
        "Somali Relief and Islamic cultural centre"
    )


def test_a_name_of_noise_words_only_is_kept() -> None:
    assert match_name("The Trust") == "the trust"
