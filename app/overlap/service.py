"""The overlap (duplication) check of a proposed award, and overlapping funding streams."""

from __future__ import annotations

import datetime as dt
from functools import partial

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, lazyload

from app.awards import rows
from app.awards.period import ASSUMED_LENGTH, Period
from app.awards.representation import row_read
from app.awards.terms import Terms
from app.core.errors import InvalidInput, every_problem
from app.core.known_ids import check_known_ids
from app.core.money import pence_to_pounds
from app.funders.models import Funder
from app.insights.service import area_totals
from app.overlap import candidates
from app.overlap.pairs import Profile, similarity
from app.overlap.profiles import london, stream_profile
from app.overlap.representation import shared_read, stream_brief
from app.overlap.schemas import Area, OverlapAnswer, OverlapMatch, RecipientMatchRead, StreamOverlap
from app.overlap.schemas import Proposal as ProposalIn
from app.overlap.scoring import KINDS, SIMILAR, Candidate, Match, Proposal, classify, overall_risk
from app.reference.service import check_sent_references
from app.streams.models import FundingStream, StreamBorough, StreamTerm

MAX_MATCHES = 30
MAX_STREAMS = 10
STREAM_CANDIDATES = 500
AREA_YEARS = 3


def _checked(session: Session, body: ProposalIn) -> tuple[str | None, Terms]:
    org_id = None
    if body.recipient and body.recipient.org_id:
        org_id = body.recipient.org_id  # normalised by the schema (OrgId)
    if body.planned_start and body.planned_end and body.planned_start > body.planned_end:
        raise InvalidInput.field(["body", "planned_end"], "planned_end is before planned_start.")
    with every_problem() as problems:
        if body.funder:
            problems.check(
                partial(
                    check_known_ids, session, Funder.slug, [body.funder], loc=["body", "funder"]
                ),
                [body.funder],
            )
        checked = check_sent_references(
            problems,
            session=session,
            data=body,
            sent={"boroughs", "activities", "violence_types", "beneficiary_groups"},
            vocabularies=("activity", "violence_type", "beneficiary_group"),
        )
    found = Terms(
        boroughs=frozenset(checked["boroughs"]),
        activities=frozenset(checked["activities"]),
        violence_types=frozenset(checked["violence_types"]),
        beneficiary_groups=frozenset(checked["beneficiary_groups"]),
    )
    return org_id, found


def check_overlap(*, session: Session, body: ProposalIn, today: dt.date) -> OverlapAnswer:
    """Existing awards and streams the proposal overlaps, ranked, with the overall risk."""
    org_id, terms = _checked(session, body)
    assumptions: list[str] = []
    start = body.planned_start or today
    if body.planned_start is None:
        assumptions.append(f"No planned_start: the proposal is taken to start today ({today}).")
    end = body.planned_end or start + ASSUMED_LENGTH
    if body.planned_end is None:
        assumptions.append("No planned_end: the proposal is taken to run for one year.")
    text = f"{body.title} {body.description}".strip()
    proposal = Proposal(terms, Period(start, end), text)

    name = body.recipient.name if body.recipient else None
    recipients = candidates.recipients(session=session, org_id=org_id, name=name)
    pks = dict.fromkeys(
        candidates.recipient_awards(
            session=session,
            organisation_pks=list(recipients),
            purpose={
                "activity": sorted(terms.activities),
                "violence_type": sorted(terms.violence_types),
            },
            start=start,
            end=end,
        )
    )
    pks.update(
        dict.fromkeys(
            candidates.area_awards(
                session=session,
                boroughs=sorted(terms.boroughs),
                activities=sorted(terms.activities),
                groups=sorted(terms.beneficiary_groups),
                start=start,
                end=end,
            )
        )
    )
    if text:
        pks.update(dict.fromkeys(candidates.described_awards(session=session, text=text)))
    # Every kind of candidate passes here: deleted awards are not on the record.
    scored: list[tuple[Match, rows.AwardRow]] = []
    for award in rows.load(session, list(pks)):
        # A grant to a person (no recipient_pk) never matches as the same recipient.
        recipient = recipients.get(award.recipient_pk) if award.recipient_pk else None
        candidate = Candidate(award.terms, award.period, award.text, recipient)
        match = classify(proposal, candidate)
        if match is not None:
            scored.append((match, award))
    order = {kind: i for i, kind in enumerate((*KINDS, SIMILAR))}
    scored.sort(key=lambda ma: (order[ma[0].kind], -ma[0].score, ma[1].identifier))
    risk, rule = overall_risk(m for m, _ in scored)
    return OverlapAnswer(
        risk=risk.name,
        rule=rule,
        matches=[
            OverlapMatch(
                award=row_read(award),
                kind=m.kind,
                score=m.score,
                reasons=list(m.reasons),
                recipient=(
                    RecipientMatchRead(matched_by=m.recipient.matched_by, score=m.recipient.score)
                    if m.recipient
                    else None
                ),
                shared=shared_read(m.shared, m.period_overlap_days),
            )
            for m, award in scored[:MAX_MATCHES]
        ],
        streams=_streams(session, Profile(terms, start, end)),
        area=_area(session, terms, today),
        assumptions=assumptions,
    )


def _streams(session: Session, proposal: Profile) -> list[StreamOverlap]:
    terms = proposal.terms
    purposes = [
        (vocabulary, sorted(slugs))
        for vocabulary, slugs in (
            ("activity", terms.activities),
            ("violence_type", terms.violence_types),
        )
        if slugs
    ]
    if not purposes:
        return []
    # Only streams funding a shared activity or violence type in one of the boroughs (or all
    # London) can score; the query finds them, the scorer ranks them.
    same_purpose = or_(
        *(
            exists().where(
                StreamTerm.stream_pk == FundingStream.pk,
                StreamTerm.vocabulary == vocabulary,
                StreamTerm.slug.in_(slugs),
            )
            for vocabulary, slugs in purposes
        )
    )
    stmt = (
        select(FundingStream)
        .where(same_purpose)
        .options(lazyload(FundingStream.eligibility), lazyload(FundingStream.sources))
    )
    if terms.boroughs:
        stmt = stmt.where(
            or_(
                ~exists().where(StreamBorough.stream_pk == FundingStream.pk),
                exists().where(
                    StreamBorough.stream_pk == FundingStream.pk,
                    StreamBorough.gss_code.in_(sorted(terms.boroughs)),
                ),
            )
        )
    everywhere = london(session)
    found: list[StreamOverlap] = []
    for stream in session.scalars(stmt.limit(STREAM_CANDIDATES)).unique():
        score, shared = similarity(proposal, stream_profile(stream), everywhere)
        if score > 0:
            found.append(
                StreamOverlap(
                    stream=stream_brief(stream), score=score, shared=shared_read(shared, None)
                )
            )
    found.sort(key=lambda s: (-s.score, s.stream.id))
    return found[:MAX_STREAMS]


def _area(session: Session, terms: Terms, today: dt.date) -> Area | None:
    if not (terms.boroughs and terms.activities):
        return None
    since = today.replace(year=today.year - AREA_YEARS, day=1)
    pence, shares = area_totals(
        session=session,
        boroughs=sorted(terms.boroughs),
        activities=sorted(terms.activities),
        since=since,
    )
    return Area(
        boroughs=sorted(terms.boroughs),
        activities=sorted(terms.activities),
        since=since,
        amount=pence_to_pounds(pence) or 0,
        currency="GBP",
        award_shares=shares,
        note=(
            "GBP awards dated since `since` for these activities in these boroughs; money of an "
            "award with several boroughs or activities is split evenly among them."
        ),
    )
