"""Creating, changing, deleting and restoring funding streams, each logged in the change log."""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.scopes import Action, Principal, can_write_stream
from app.awards.models import Award
from app.changes.lifecycle import Lifecycle, referenced
from app.core import clock
from app.core.clock import utcnow
from app.core.errors import Conflict, Forbidden, InvalidInput, every_problem
from app.core.money import pounds_to_pence
from app.core.slugs import unique_slug
from app.core.versions import ExpectedVersion
from app.funders.models import Funder
from app.publishing.events import record_stream_events, snapshot_of
from app.reference.models import VOCABULARIES
from app.reference.service import check_sent_references, check_terms
from app.reference.vocabularies import PLURALS
from app.streams.models import EligibilityRules, FundingStream, StreamBorough, StreamSource
from app.streams.representation import stream_read
from app.streams.schemas import EligibilityWrite, StreamCreate, StreamUpdate
from app.streams.search_index import reindex_streams

_ORDERED = (
    ("opens_on", "closes_on"),
    ("programme_start", "programme_end"),
    ("min_award", "max_award"),
    ("age_min", "age_max"),
    ("eligibility.income_min", "eligibility.income_max"),
)
_SCALARS = (
    "name", "summary", "description", "url", "opens_on", "closes_on", "decision_expected_on",
    "programme_start", "programme_end", "currency", "max_duration_months", "multi_year",
    "match_funding_required", "age_min", "age_max", "illustrative",
)  # fmt: skip
_MONEY = ("total_budget", "min_award", "max_award")
_RULE_FLAGS = (
    "registered_number_required", "safeguarding_policy_required", "london_based_required",
    "partnerships_allowed", "other_criteria", "min_years_operating", "max_grant_to_income_ratio",
)  # fmt: skip


def after_stream_write(session: Session, stream: FundingStream) -> None:
    """Keeps the full-text index (and with it the eligibility catalogue's cache token) in step,
    in the write's own transaction; deletes and restores included."""
    reindex_streams(session, [stream.pk])


def stream_snapshot(stream: FundingStream) -> dict[str, Any]:
    """The stream in API units, as the change log records it."""
    read = stream_read(stream, today=clock.today())
    return read.model_dump(mode="json", exclude={"status", "published_at", "updated_at"})


def _check_awards_funder(session: Session, stream: FundingStream) -> None:
    """A stream moved to another funder would leave its awards under a stream that is not
    their funder's (an award's stream is its funder's: app/awards/write_service.py)."""
    if stream not in session:
        return  # a new stream has no awards
    with session.no_autoflush:
        other = session.scalar(
            select(Award.identifier)
            .where(Award.stream_pk == stream.pk, Award.funder_pk != stream.funder.pk)
            .limit(1)
        )
    if other is not None:
        raise InvalidInput.field(
            ["body", "funder"],
            f"Stream {stream.slug!r} has awards of another funder (such as {other!r}); "
            f"it cannot move to funder {stream.funder.slug!r}.",
        )


STREAMS = Lifecycle(
    resource="stream",
    noun="funding stream",
    model=FundingStream,
    key=FundingStream.slug,
    snapshot=stream_snapshot,
    ordered=_ORDERED,
    after_write=after_stream_write,
    check=_check_awards_funder,
)


def _allow(principal: Principal, action: Action, stream: FundingStream) -> None:
    if not can_write_stream(principal, action=action, funder=stream.funder.slug):
        raise Forbidden(
            f"Key {principal.name!r} may not {action} streams of funder {stream.funder.slug!r}."
        )


def _checked(session: Session, data: StreamUpdate, *, create: bool) -> dict[str, Any]:
    """Validates every reference the body makes (terms, boroughs, funder) before anything moves."""
    sent = data.fields_to_write(create=create, required=("funder", "name"))
    checked: dict[str, Any] = {}
    # Every reference is checked, so that one 422 names every bad field.
    with every_problem() as problems:
        if (funder := data.funder) is not None:
            checked["funder"] = problems.check(
                lambda: referenced(session, Funder.slug, funder, field="funder", what="funder"),
                None,
            )
        vocabularies = [v for v in VOCABULARIES if v != "applicant_type"]
        checked |= check_sent_references(
            problems, session=session, data=data, sent=sent, vocabularies=vocabularies
        )
        rules = data.eligibility
        if rules is not None and "applicant_types" in rules.fields_to_write(create=create):
            checked["applicant_types"] = problems.check(
                partial(
                    check_terms,
                    session=session,
                    vocabulary="applicant_type",
                    slugs=rules.applicant_types,
                    loc=["body", "eligibility", "applicant_types"],
                ),
                rules.applicant_types,
            )
    return checked


def _apply(
    stream: FundingStream, data: StreamUpdate, checked: dict[str, Any], *, create: bool
) -> None:
    sent = data.fields_to_write(create=create)
    if "funder" in checked:
        stream.funder = checked["funder"]
    for name in _SCALARS:
        if name in sent:
            setattr(stream, name, getattr(data, name))
    for name in _MONEY:
        if name in sent:
            setattr(stream, f"{name}_pence", pounds_to_pence(getattr(data, name)))
    for vocabulary in VOCABULARIES:
        field = PLURALS[vocabulary]
        if field in checked and stream.slugs(vocabulary) != sorted(checked[field]):
            stream.set_slugs(vocabulary, checked[field])
    if "boroughs" in checked and [b.gss_code for b in stream.boroughs] != sorted(
        checked["boroughs"]
    ):
        stream.boroughs = [StreamBorough(gss_code=c) for c in checked["boroughs"]]
    if "sources" in sent:
        stream.sources = [
            StreamSource(position=i, url=s.url, title=s.title, published_on=s.date)
            for i, s in enumerate(data.sources)
        ]
    if stream.eligibility is None:
        stream.eligibility = EligibilityRules(other_criteria="")
    if data.eligibility is not None:
        _apply_rules(stream.eligibility, data.eligibility, create=create)


def _apply_rules(target: EligibilityRules, rules: EligibilityWrite, *, create: bool) -> None:
    sent = rules.fields_to_write(create=create)
    for name in _RULE_FLAGS:
        if name in sent:
            setattr(target, name, getattr(rules, name))
    for name in ("income_min", "income_max"):
        if name in sent:
            setattr(target, f"{name}_pence", pounds_to_pence(getattr(rules, name)))


def create_stream(*, session: Session, principal: Principal, data: StreamCreate) -> FundingStream:
    """Creates a stream; 409 if the id is taken (also by a deleted stream: restore that)."""
    checked = _checked(session, data, create=True)
    # Deleted streams keep their ids (they can be restored), so a derived id skips them too.
    slug = data.id or unique_slug(session, FundingStream.slug, data.name, fallback="stream")
    if session.scalar(select(FundingStream.pk).where(FundingStream.slug == slug)):
        raise Conflict(f"A funding stream with id {slug!r} exists (or is deleted).")
    now = utcnow()
    with session.no_autoflush:
        stream = FundingStream(
            slug=slug, published_at=now, updated_at=now, terms=[], boroughs=[], sources=[]
        )
        stream.funder = checked["funder"]
        _apply(stream, data, checked, create=True)
        _allow(principal, "create", stream)
        STREAMS.finish(session, principal.name, stream, None)
    # Subscribers hear of it through the outbox, written in this same transaction.
    record_stream_events(session, before=None, after=snapshot_of(stream))
    return stream


def update_stream(
    *,
    session: Session,
    principal: Principal,
    slug: str,
    expected: ExpectedVersion,
    data: StreamUpdate,
) -> FundingStream:
    """Applies a PATCH if `If-Match` names the stream's version; the funder key must own it before
    and after."""
    stream, before = STREAMS.open(session, slug, expected, lambda s: _allow(principal, "update", s))
    checked = _checked(session, data, create=False)
    before_event = snapshot_of(stream)
    with session.no_autoflush:
        _apply(stream, data, checked, create=False)
        _allow(principal, "update", stream)
        STREAMS.finish(session, principal.name, stream, before)
    record_stream_events(session, before=before_event, after=snapshot_of(stream))
    return stream


def delete_stream(
    *, session: Session, principal: Principal, slug: str, expected: ExpectedVersion
) -> None:
    """Soft-deletes: the stream leaves every read but stays in the log and can be restored."""
    STREAMS.delete(
        session, principal.name, slug, expected, lambda s: _allow(principal, "delete", s)
    )


def restore_stream(*, session: Session, principal: Principal, slug: str) -> FundingStream:
    return STREAMS.restore(session, principal.name, slug, lambda s: _allow(principal, "restore", s))
