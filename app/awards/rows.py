"""The overlap check's candidate awards read as plain rows: three queries, no ORM objects.

Scoring needs an award's terms, period and text; only the few matches shown are turned into
their public representation (awards/representation.py, `row_read`, the same as `award_read`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards.models import Award, AwardBorough, AwardTerm
from app.awards.period import Period, award_period
from app.awards.terms import Terms
from app.funders.models import Funder
from app.organisations.models import Organisation
from app.streams.models import FundingStream


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
        """From anything with the award's column names: a labelled row of `load`, or an Award."""
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
    boroughs: defaultdict[int, list[str]] = defaultdict(list)
    for pk, code in session.execute(
        select(AwardBorough.award_pk, AwardBorough.gss_code).where(AwardBorough.award_pk.in_(pks))
    ):
        boroughs[pk].append(code)
    slugs: defaultdict[int, defaultdict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for pk, vocabulary, slug in session.execute(
        select(AwardTerm.award_pk, AwardTerm.vocabulary, AwardTerm.slug).where(
            AwardTerm.award_pk.in_(pks)
        )
    ):
        slugs[pk][vocabulary].append(slug)
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
            Funder.slug.label("funder_slug"),
            Funder.name.label("funder_name"),
            Funder.org_id.label("funder_org_id"),
            FundingStream.slug.label("stream_slug"),
            Organisation.org_id.label("recipient_org_id"),
            Organisation.name.label("recipient_name"),
            Award.recipient_individual,
        )
        .join(Funder, Funder.pk == Award.funder_pk)
        # A grant to a person has no organisation; it still counts for its area and purpose.
        .outerjoin(Organisation, Organisation.pk == Award.recipient_pk)
        .outerjoin(FundingStream, FundingStream.pk == Award.stream_pk)
        .where(Award.pk.in_(pks), Award.deleted_at.is_(None))
    )
    return [
        AwardRow.of(
            row,
            funder=(row.funder_slug, row.funder_name, row.funder_org_id),
            stream_id=row.stream_slug,
            recipient=(
                (row.recipient_org_id, row.recipient_name)
                if row.recipient_org_id is not None
                else None
            ),
            boroughs=tuple(sorted(boroughs[row.pk])),
            slugs={v: tuple(sorted(s)) for v, s in slugs[row.pk].items()},
        )
        for row in session.execute(stmt)
    ]
