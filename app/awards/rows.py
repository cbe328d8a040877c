"""The overlap check's candidate awards read as plain rows: three queries, no ORM objects.

Scoring needs an award's terms, period and text; only the few matches shown are turned into
their public representation, which `read` builds exactly as `award_read` does from an Award.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards.models import Award, AwardBorough, AwardTerm
from app.awards.period import Period, award_period
from app.awards.schemas import AwardRead, AwardSource, RecipientRef
from app.awards.terms import Terms
from app.core.money import pence_to_pounds
from app.funders.models import Funder
from app.funders.schemas import FunderRef
from app.organisations.models import Organisation
from app.streams.models import FundingStream


@dataclass(frozen=True)
class AwardRow:
    """An award as the overlap check uses it: what the scorer needs and what `read` shows."""

    pk: int
    identifier: str
    recipient_pk: int
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
    recipient: tuple[str, str]  # org-id, name
    source: tuple[str | None, str | None, dt.date | None, str, str | None, int | None]
    boroughs: tuple[str, ...] = ()
    slugs: dict[str, tuple[str, ...]] = field(default_factory=dict)

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
            Funder.slug,
            Funder.name,
            Funder.org_id,
            FundingStream.slug,
            Organisation.org_id,
            Organisation.name,
        )
        .join(Funder, Funder.pk == Award.funder_pk)
        .join(Organisation, Organisation.pk == Award.recipient_pk)
        .outerjoin(FundingStream, FundingStream.pk == Award.stream_pk)
        .where(Award.pk.in_(pks), Award.deleted_at.is_(None))
    )
    return [
        AwardRow(
            pk=row[0],
            identifier=row[1],
            recipient_pk=row[2],
            title=row[3],
            description=row[4],
            amount_pence=row[5],
            currency=row[6],
            award_date=row[7],
            planned_start=row[8],
            planned_end=row[9],
            source=(row[10], row[11], row[12], row[13], row[14], row[15]),
            funder=(row[16], row[17], row[18]),
            stream_id=row[19],
            recipient=(row[20], row[21]),
            boroughs=tuple(sorted(boroughs[row[0]])),
            slugs={v: tuple(sorted(s)) for v, s in slugs[row[0]].items()},
        )
        for row in session.execute(stmt)
    ]


def read(award: AwardRow) -> AwardRead:
    """The award's public representation (the same as `award_read` of the Award)."""
    funder_id, funder_name, funder_org_id = award.funder
    url, title, date, provenance, import_file, import_row = award.source
    return AwardRead(
        id=award.identifier,
        title=award.title,
        description=award.description,
        amount=pence_to_pounds(award.amount_pence) or 0,
        currency=award.currency,
        award_date=award.award_date,
        planned_start=award.planned_start,
        planned_end=award.planned_end,
        funder=FunderRef(id=funder_id, name=funder_name, org_id=funder_org_id),
        stream_id=award.stream_id,
        recipient=RecipientRef(org_id=award.recipient[0], name=award.recipient[1]),
        boroughs=list(award.boroughs),
        activities=list(award.slugs.get("activity", ())),
        violence_types=list(award.slugs.get("violence_type", ())),
        beneficiary_groups=list(award.slugs.get("beneficiary_group", ())),
        source=AwardSource(
            url=url,
            title=title,
            date=date,
            provenance=provenance,
            import_file=import_file,
            import_row=import_row,
        ),
    )
