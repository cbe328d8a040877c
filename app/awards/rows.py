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
            boroughs=tuple(sorted(boroughs[pk])),
            slugs={v: tuple(sorted(s)) for v, s in slugs[pk].items()},
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
        ) in session.execute(stmt)
    ]
