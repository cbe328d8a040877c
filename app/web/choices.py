"""What the pages' forms offer: boroughs, vocabulary terms and funders, with their labels."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core.cursors import FIRST_PAGE
from app.funders.service import list_funders
from app.reference.service import list_boroughs, list_terms

Option = tuple[str, str]  # (value, label)


@dataclass(frozen=True)
class Choices:
    boroughs: list[Option]
    terms: dict[str, list[Option]]
    funders: list[Option]

    def label(self, dimension: str, value: str) -> str:
        """How a filter value reads on a page."""
        if dimension == "borough":
            options = self.boroughs
        elif dimension == "funder":
            options = self.funders
        elif dimension == "status":
            return STATUS_LABELS.get(value, value)
        else:
            options = self.terms.get(dimension, [])
        return next((label for v, label in options if v == value), value)

    def labels(self, dimension: str, values: list[str]) -> list[str]:
        return [self.label(dimension, v) for v in values]


STATUS_LABELS = {
    "forthcoming": "Opens soon",
    "open": "Open",
    "closing_soon": "Closing soon",
    "rolling": "Open all year",
    "closed": "Closed",
}

VOCABULARIES = (
    "activity",
    "violence_type",
    "beneficiary_group",
    "applicant_type",
    "risk_factor",
    "strand",
)


def load_choices(session: Session) -> Choices:
    """Every borough (by name), every vocabulary's terms (curated order) and every funder."""
    boroughs = sorted(
        ((b.gss_code, b.name) for b in list_boroughs(session=session)), key=lambda option: option[1]
    )
    terms = {
        vocabulary: [(t.slug, t.label) for t in list_terms(session=session, vocabulary=vocabulary)]
        for vocabulary in VOCABULARIES
    }
    funders, _, _ = list_funders(session=session, limit=10_000, cursor=FIRST_PAGE)
    return Choices(
        boroughs=boroughs,
        terms=terms,
        funders=sorted(((f.slug, f.name) for f in funders), key=lambda option: option[1]),
    )
