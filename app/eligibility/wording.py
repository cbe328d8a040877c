"""How the eligibility messages say things, so that each reads aloud as a sentence: labels in
running text, "a" or "an", lists joined with "or", shares of income ("a third"), counts."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from app.eligibility.facts import Names, join_words

# Words starting with a vowel letter but a consonant sound ("a union", "a one-year grant").
_CONSONANT_SOUNDS = ("one", "once", "uni", "usa", "use", "usu", "uti", "eu", "ewe")
# ...except where "un" is the prefix "not" ("an unincorporated group", "an unregistered one").
_VOWEL_SOUNDS = ("unin", "unre", "unr", "und", "unc", "unf", "unl", "unp", "uns", "unt")
# Acronyms read letter by letter: these letters' names start with a vowel sound ("an LLP").
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
# Shares people say in words; any other is a percentage.
_SHARES = {
    Fraction(1): "all",
    Fraction(1, 2): "half",
    Fraction(1, 3): "a third",
    Fraction(2, 3): "two thirds",
    Fraction(1, 4): "a quarter",
    Fraction(3, 4): "three quarters",
    Fraction(1, 5): "a fifth",
    Fraction(1, 10): "a tenth",
}


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word[:2].isupper()


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "Registered charity" -> "registered charity",
    while "CIC ..." keeps its capitals."""
    first = label.split(" ", 1)[0]
    if not label or _is_acronym(first):
        return label
    return label[0].lower() + label[1:]


def with_article(label: str) -> str:
    """ "an unincorporated community group", "a CIC", "a registered charity"."""
    text = in_sentence(label)
    word = text.split(" ", 1)[0].strip("(")
    if _is_acronym(word):
        vowel = word[0] in _VOWEL_LETTERS
    else:
        lower = word.lower()
        vowel = lower[:1] in {"a", "e", "i", "o", "u"} and (
            lower.startswith(_VOWEL_SOUNDS) or not lower.startswith(_CONSONANT_SOUNDS)
        )
    return f"{'an' if vowel else 'a'} {text}"


def either(words: list[str]) -> str:
    """a, b or c."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


@lru_cache(maxsize=4096)
def one_of(names: Names, slugs: frozenset[str]) -> str:
    """The terms as alternatives, each with its article: "a registered charity or a CIO"."""
    return either(sorted(with_article(names.term(s)) for s in slugs))


def all_of(names: Names, slugs: frozenset[str]) -> str:
    """The terms in running text: "mentoring, sport and youth clubs"."""
    return join_words(sorted(in_sentence(names.term(s)) for s in slugs))


def share(ratio: Fraction) -> str:
    """ "half", "a third", or a percentage ("40%", "12.5%")."""
    said = _SHARES.get(ratio)
    if said is not None:
        return said
    percent = Decimal(ratio.numerator * 100) / Decimal(ratio.denominator)
    return f"{percent.quantize(Decimal('0.01')).normalize():f}%"


def counted(n: int | Decimal, unit: str) -> str:
    """ "1 month", "2 months", "1.5 years"."""
    number = f"{n.normalize():f}" if isinstance(n, Decimal) else str(n)
    return f"{number} {unit}" if n == 1 else f"{number} {unit}s"
