"""Awards out as 360Giving: a JSON package (valid against the package schema) or one CSV sheet
with the standard's column titles, both written as a stream of text chunks."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.awards.grants360 import (
    GENERIC_INDIVIDUAL,
    funder_grant_id,
    is_generic_name,
    names_stream,
    published_classifications,
    read_org_id,
    term_labels,
)
from app.awards.models import Award
from app.core.clock import parse_date
from app.core.identifiers import InvalidOrgId
from app.core.money import as_pounds, to_pence

# The grant fields the columns own; everything else in an imported grant comes from `raw`.
_CHUNK = 500


def _org(org_id: str, name: str, published: list[Any] | None) -> list[dict[str, Any]]:
    first = dict(published[0]) if published else {}
    # The id as published stays when the import reads it as this org-id (another spelling,
    # or a malformed id that its charity number stands in for).
    if _read_as(first) != org_id:
        first["id"] = org_id
    # The name as this grant published it; an organisation met under several names keeps one.
    first.setdefault("name", name)
    return [first, *(published or [])[1:]]


def _read_as(published: dict[str, Any]) -> str | None:
    """The org-id an import takes a published organisation for."""
    if not isinstance(published.get("id"), str):
        return None
    try:
        return read_org_id(published)[0]
    except InvalidOrgId:
        return None


def _individual(stored: dict[str, Any], published: Any) -> dict[str, Any]:
    """A grant to a person, as the standard writes it: a generic name (the one published, if
    it was one), never theirs."""
    name = published.get("name") if isinstance(published, dict) else None
    person = {"id": stored["id"], "name": name if is_generic_name(name) else GENERIC_INDIVIDUAL}
    fields: dict[str, Any] = {"recipientIndividual": person}
    details = {k: v for k, v in stored.items() if k != "id"}
    if details:
        fields["toIndividualsDetails"] = details
    return fields


def grant_of(award: Award, labels: Mapping[tuple[str, str], str]) -> dict[str, Any]:
    """The 360Giving grant for an award: its published JSON, brought up to date by its columns.

    A published value is kept as written when it means what the column holds (a date-time
    award date on the same day, an amount of the same pence, an org-id spelt otherwise), so that
    exporting and importing again changes nothing.
    """
    raw: dict[str, Any] = copy.deepcopy(award.raw) if award.raw else {}
    grant = raw | {
        "id": award.identifier,
        "title": award.title,
        "description": award.description,
        "currency": award.currency,
    }
    amount = raw.get("amountAwarded")
    if not isinstance(amount, (int, float)) or to_pence(amount) != award.amount_pence:
        grant["amountAwarded"] = as_pounds(award.amount_pence)
    if award.award_date and parse_date(raw.get("awardDate")) != award.award_date:
        grant["awardDate"] = award.award_date.isoformat()
    planned = {
        k: v.isoformat()
        for k, v in (("startDate", award.planned_start), ("endDate", award.planned_end))
        if v
    }
    if planned and not raw.get("plannedDates"):
        grant["plannedDates"] = [planned]
    if award.recipient is not None:
        grant["recipientOrganization"] = _org(
            award.recipient.org_id, award.recipient.name, raw.get("recipientOrganization")
        )
        grant.pop("recipientIndividual", None)
        grant.pop("toIndividualsDetails", None)
    elif award.recipient_individual is not None:
        grant.update(_individual(award.recipient_individual, raw.get("recipientIndividual")))
        grant.pop("recipientOrganization", None)
    funder_id = funder_grant_id(award.funder.org_id, award.funder.slug)
    grant["fundingOrganization"] = _org(
        funder_id, award.funder.name, raw.get("fundingOrganization")
    )
    stream = award.stream
    published = raw.get("grantProgramme") or []
    if stream and not (published and names_stream(published[0], stream.slug, stream.name)):
        # The stream, by a code that maps back to it (its slug), ahead of what was published.
        grant["grantProgramme"] = [{"code": stream.slug, "title": stream.name}, *published]
    classifications = published_classifications(
        ((t.vocabulary, t.slug) for t in award.terms), labels, raw.get("classifications")
    )
    if classifications is not None:
        grant["classifications"] = classifications
    if not raw:
        # Awards typed in or seeded: their boroughs are all the location there is.
        grant["beneficiaryLocation"] = [
            {"geoCode": b.gss_code, "geoCodeType": "LONB"} for b in award.boroughs
        ]
        if not grant["beneficiaryLocation"]:
            del grant["beneficiaryLocation"]
    return grant


def _awards(session: Session, stmt: Select[Any] | None) -> Iterator[Award]:
    """The awards in pk order, a page at a time, let go once written (bounded memory)."""
    base = (stmt if stmt is not None else select(Award)).order_by(Award.pk).limit(_CHUNK)
    last = 0
    while page := session.scalars(base.where(Award.pk > last)).unique().all():
        yield from page
        last = page[-1].pk
        for award in page:
            session.expunge(award)


def write_package(*, session: Session, stmt: Select[Any] | None = None) -> Iterator[str]:
    """A 360Giving package of the awards `stmt` selects (all by default), in chunks.

    The standard requires an award date, so awards whose sources give none (some seeded ones)
    are left out of the package; the CSV lists them with the date empty.
    """
    stmt = (stmt if stmt is not None else select(Award)).where(Award.award_date.is_not(None))
    labels = term_labels(session)
    yield '{"grants": ['
    for n, award in enumerate(_awards(session, stmt)):
        grant = grant_of(award, labels)
        yield ("," if n else "") + "\n" + json.dumps(grant, ensure_ascii=False)
    yield "\n]}\n"


# Columns of the CSV sheet: the standard's titles, and where each value sits in a grant.
CSV_COLUMNS: tuple[tuple[str, tuple[str | int, ...]], ...] = (
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Award Date", ("awardDate",)),
    ("Planned Dates:Start Date", ("plannedDates", 0, "startDate")),
    ("Planned Dates:End Date", ("plannedDates", 0, "endDate")),
    ("Recipient Org:Identifier", ("recipientOrganization", 0, "id")),
    ("Recipient Org:Name", ("recipientOrganization", 0, "name")),
    ("Recipient Ind:Identifier", ("recipientIndividual", "id")),
    ("Recipient Ind:Name", ("recipientIndividual", "name")),
    ("To Individuals Details:Primary Grant Reason", ("toIndividualsDetails", "primaryGrantReason")),
    (
        "To Individuals Details:Secondary Grant Reason",
        ("toIndividualsDetails", "secondaryGrantReason"),
    ),
    ("To Individuals Details:Grant Purpose", ("toIndividualsDetails", "grantPurpose")),
    ("Funding Org:Identifier", ("fundingOrganization", 0, "id")),
    ("Funding Org:Name", ("fundingOrganization", 0, "name")),
    ("Grant Programme:Code", ("grantProgramme", 0, "code")),
    ("Grant Programme:Title", ("grantProgramme", 0, "title")),
)
# Arrays of objects repeat, numbered as flattentool reads them back ("…:1:Name"): beneficiary
# locations, and classifications (what the award funds: activities, violence types …).
REPEATED: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Beneficiary Location",
        "beneficiaryLocation",
        (
            ("Name", "name"),
            ("Geographic Code", "geoCode"),
            ("Geographic Code Type", "geoCodeType"),
            ("Country Code", "countryCode"),
        ),
    ),
    (
        "Classifications",
        "classifications",
        (("Vocabulary", "vocabulary"), ("Code", "code"), ("Title", "title")),
    ),
)
MAX_REPEATS = 10


def _at(grant: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        try:
            grant = grant[step]
        except (KeyError, IndexError, TypeError):
            return ""
    return grant


def csv_header() -> list[str]:
    header = [title for title, _ in CSV_COLUMNS]
    for name, _, columns in REPEATED:
        for i in range(MAX_REPEATS):
            prefix = f"{name}:" + (f"{i}:" if i else "")
            header += [prefix + title for title, _ in columns]
    return header


def csv_row(grant: dict[str, Any]) -> list[Any]:
    # An array of codes is one cell, split on ";" when read back (flattentool's convention).
    row = [";".join(v) if isinstance(v := _at(grant, path), list) else v for _, path in CSV_COLUMNS]
    for _, field, columns in REPEATED:
        items = grant.get(field) or []
        for i in range(MAX_REPEATS):
            row += [_at(items, (i, key)) for _, key in columns]
    return row


def write_csv(*, session: Session, stmt: Select[Any] | None = None) -> Iterator[str]:
    """The awards as one CSV sheet with the standard's column titles, in chunks.

    One sheet carries the fields Signpost holds in columns and up to MAX_REPEATS beneficiary
    locations and classifications; the full grant (transactions …) is in the JSON package.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_header())
    labels = term_labels(session)
    for n, award in enumerate(_awards(session, stmt), start=1):
        writer.writerow(csv_row(grant_of(award, labels)))
        if n % _CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
