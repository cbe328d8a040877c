"""The overlap check's candidate awards read as plain rows: one query, no ORM objects.

Scoring needs an award's terms, period and text; only the few matches shown are turned into
their public representation (awards/representation.py, `row_read`, the same as `award_read`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, ColumnExpressionArgument, func, select
from sqlalchemy.orm import QueryableAttribute, Session

from app.awards.models import Award, AwardBorough, AwardTerm
from app.awards.period import Period, award_period
from app.awards.terms import Terms
from app.funders.models import Funder
from app.organisations.models import Organisation
from app.streams.models import FundingStream

# Separators that no stored code or slug holds (every text given to the API is refused with a
# control character in it; vocabulary names have no colon).
_ITEM = "\x1f"
_PAIR = ":"


@dataclass(frozen=True)
class AwardRow:
    """An award as the overlap check uses it: what the scorer needs and what `read` shows."""

    pk: int
    identifier: str
    recipient_pk: int | None
    title: str
    description: str
    amount_pence: int
    currency: str
    award_date: dt.date | None
    planned_start: dt.date | None
    planned_end: dt.date | None
    # Plain values: ~130 candidates are scored, only the few shown become pydantic models.
    funder: tuple[str, str, str | None]  # slug, name, org-id
    stream_id: str | None
    recipient: tuple[str, str] | None  # org-id, name; None for a grant to a person
    source: tuple[str | None, str | None, dt.date | None, str, str | None, int | None]
    boroughs: tuple[str, ...] = ()
    slugs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A grant to a person: the funder's id for them and the standard's codes (never a name).
    individual: dict[str, Any] | None = None

    @property
    def terms(self) -> Terms:
        return Terms(
            boroughs=frozenset(self.boroughs),
            activities=frozenset(self.slugs.get("activity", ())),
            violence_types=frozenset(self.slugs.get("violence_type", ())),
            beneficiary_groups=frozenset(self.slugs.get("beneficiary_group", ())),
        )

    @property
    def period(self) -> Period | None:
        return award_period(self.award_date, self.planned_start, self.planned_end)

    @property
    def text(self) -> str:
        return f"{self.title} {self.description}"

    @classmethod
    def of(
        cls,
        award: Any,
        *,
        funder: tuple[str, str, str | None],
        stream_id: str | None,
        recipient: tuple[str, str] | None,
        boroughs: tuple[str, ...],
        slugs: dict[str, tuple[str, ...]],
    ) -> AwardRow:
        """From an Award (`award_read`); `load` builds its rows from the columns it reads."""
        return cls(
            pk=award.pk,
            identifier=award.identifier,
            recipient_pk=award.recipient_pk,
            title=award.title,
            description=award.description,
            amount_pence=award.amount_pence,
            currency=award.currency,
            award_date=award.award_date,
            planned_start=award.planned_start,
            planned_end=award.planned_end,
            source=(
                award.source_url,
                award.source_title,
                award.source_date,
                award.provenance,
                award.import_file,
                award.import_row,
            ),
            funder=funder,
            stream_id=stream_id,
            recipient=recipient,
            boroughs=boroughs,
            slugs=slugs,
            individual=award.recipient_individual,
        )


def load(session: Session, pks: Sequence[int]) -> list[AwardRow]:
    """The awards with these pks that are on the record (not deleted), in no set order."""
    if not pks:
        return []
    # An award's boroughs and terms come in its row, each list as one text (`_joined`): one
    # statement instead of three: 1.1 ms less a check on SQLite, 6 ms on PostgreSQL (BENCHMARKS.md,
    # "Issue 13's regression traced and fixed").
    boroughs = _joined(AwardBorough.gss_code, AwardBorough.award_pk)
    terms = _joined(AwardTerm.vocabulary + _PAIR + AwardTerm.slug, AwardTerm.award_pk)
    # The columns in the order the loop below names them. A row is unpacked into names once:
    # reading a SQLAlchemy Row by attribute costs ~0.45 µs a column, 1.5 ms a check (~130 rows
    # of 23 columns), more than the rest of building the rows.
    stmt = (
        select(
            Award.pk,
            Award.identifier,
            Award.recipient_pk,
            Award.title,
            Award.description,
            Award.amount_pence,
            Award.currency,
            Award.award_date,
            Award.planned_start,
            Award.planned_end,
            Award.source_url,
            Award.source_title,
            Award.source_date,
            Award.provenance,
            Award.import_file,
            Award.import_row,
            Award.recipient_individual,
            Funder.slug,
            Funder.name,
            Funder.org_id,
            FundingStream.slug,
            Organisation.org_id,
            Organisation.name,
            boroughs,
            terms,
        )
        .join(Funder, Funder.pk == Award.funder_pk)
        # A grant to a person has no organisation; it still counts for its area and purpose.
        .outerjoin(Organisation, Organisation.pk == Award.recipient_pk)
        .outerjoin(FundingStream, FundingStream.pk == Award.stream_pk)
        .where(Award.pk.in_(pks), Award.deleted_at.is_(None))
    )
    return [
        AwardRow(
            pk=pk,
            identifier=identifier,
            recipient_pk=recipient_pk,
            title=title,
            description=description,
            amount_pence=amount_pence,
            currency=currency,
            award_date=award_date,
            planned_start=planned_start,
            planned_end=planned_end,
            source=(source_url, source_title, source_date, provenance, import_file, import_row),
            funder=(funder_slug, funder_name, funder_org_id),
            stream_id=stream_slug,
            recipient=(recipient_org_id, recipient_name) if recipient_org_id is not None else None,
            boroughs=tuple(sorted(borough_list.split(_ITEM))) if borough_list else (),
            slugs=_slugs(term_list),
            individual=individual,
        )
        for (
            pk,
            identifier,
            recipient_pk,
            title,
            description,
            amount_pence,
            currency,
            award_date,
            planned_start,
            planned_end,
            source_url,
            source_title,
            source_date,
            provenance,
            import_file,
            import_row,
            individual,
            funder_slug,
            funder_name,
            funder_org_id,
            stream_slug,
            recipient_org_id,
            recipient_name,
            borough_list,
            term_list,
        ) in session.execute(stmt)
    ]


def _joined(
    value: ColumnExpressionArgument[str], award_pk: QueryableAttribute[int]
) -> ColumnElement[str | None]:
    """The award's values as one text, `_ITEM` between them, in no set order; NULL for none.
    (`group_concat` on SQLite, `string_agg` on PostgreSQL.)"""
    return (
        select(func.aggregate_strings(value, _ITEM)).where(award_pk == Award.pk).scalar_subquery()
    )


def _slugs(joined: str | None) -> dict[str, tuple[str, ...]]:
    """`vocabulary:slug` items, by vocabulary, each sorted."""
    slugs: defaultdict[str, list[str]] = defaultdict(list)
    for item in joined.split(_ITEM) if joined else ():
        vocabulary, _, slug = item.partition(_PAIR)
        slugs[vocabulary].append(slug)
    return {vocabulary: tuple(sorted(found)) for vocabulary, found in slugs.items()}
