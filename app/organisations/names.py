"""Reducing organisation names to a form that compares across spellings. Pure functions."""

from __future__ import annotations

import re
import unicodedata

# Words that vary between records of the same organisation without changing who it is.
_NOISE_WORDS = frozenset(
    {
        "the",
        "ltd",
        "limited",
        "cic",
        "cio",
        "plc",
        "llp",
        "inc",
        "uk",
        "trust",
        "charity",
        "charitable",
        "incorporated",
        "company",
        "co",
        "and",
    }
)


def match_name(name: str) -> str:
    """Lower-case, accents and punctuation removed, noise words ('the', 'ltd', 'CIC' …) dropped."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", text)
    kept = [w for w in words if w not in _NOISE_WORDS]
    # A name made only of noise words ("The Trust") keeps them rather than becoming empty.
    return " ".join(kept or words)
