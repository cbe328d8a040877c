"""The public representation of an award, from an Award or from an AwardRow (the plain row the
overlap check and the organisation page read): both give the same AwardRead."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from app.awards.models import Award
from app.awards.rows import AwardRow
from app.awards.schemas import AwardRead, AwardSource, IndividualRef, RecipientRef
from app.core.money import pence_to_pounds
from app.funders.schemas import FunderRef


def individual_ref(stored: dict[str, Any] | None) -> IndividualRef | None:
    """The public form of an award's `recipient_individual`."""
    if stored is None:
        return None
    return IndividualRef(
        id=stored["id"],
        primary_grant_reason=stored.get("primaryGrantReason"),
        secondary_grant_reason=stored.get("secondaryGrantReason"),
        grant_purpose=list(stored.get("grantPurpose") or []),
    )


def award_read(award: Award) -> AwardRead:
    funder, stream, recipient = award.funder, award.stream, award.recipient
    slugs: defaultdict[str, list[str]] = defaultdict(list)
    for term in award.terms:
        slugs[term.vocabulary].append(term.slug)
    return row_read(
        AwardRow.of(
            award,
            funder=(funder.slug, funder.name, funder.org_id),
            stream_id=stream.slug if stream else None,
            recipient=(recipient.org_id, recipient.name) if recipient else None,
            boroughs=tuple(award.borough_codes()),
            slugs={v: tuple(sorted(s)) for v, s in slugs.items()},
        )
    )


def row_read(award: AwardRow) -> AwardRead:
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
        recipient=(
            RecipientRef(org_id=award.recipient[0], name=award.recipient[1])
            if award.recipient
            else None
        ),
        recipient_individual=individual_ref(award.individual),
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
