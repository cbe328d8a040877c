"""Turns an Award into its public representation."""

from __future__ import annotations

from app.awards.models import Award
from app.awards.schemas import AwardRead, AwardSource, RecipientRef
from app.core.money import pence_to_pounds
from app.funders.schemas import FunderRef


def award_read(award: Award) -> AwardRead:
    return AwardRead(
        id=award.identifier,
        title=award.title,
        description=award.description,
        amount=pence_to_pounds(award.amount_pence) or 0,
        currency=award.currency,
        award_date=award.award_date,
        planned_start=award.planned_start,
        planned_end=award.planned_end,
        funder=FunderRef(id=award.funder.slug, name=award.funder.name, org_id=award.funder.org_id),
        stream_id=award.stream.slug if award.stream else None,
        recipient=RecipientRef(org_id=award.recipient.org_id, name=award.recipient.name),
        boroughs=award.borough_codes(),
        activities=award.slugs("activity"),
        violence_types=award.slugs("violence_type"),
        beneficiary_groups=award.slugs("beneficiary_group"),
        source=AwardSource(
            url=award.source_url,
            title=award.source_title,
            date=award.source_date,
            provenance=award.provenance,
            import_file=award.import_file,
            import_row=award.import_row,
        ),
    )
