"""Awards out as 360Giving: a JSON package (valid against the package schema) or one CSV sheet
with the standard's column titles, both written as a stream of text chunks."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.awards.models import Award
from app.core.clock import parse_date
from app.core.identifiers import InvalidOrgId, normalise_org_id
from app.core.money import as_pounds, to_pence

# The grant fields the columns own; everything else in an imported grant comes from `raw`.
_CHUNK = 500


def _org(org_id: str, name: str, published: list[Any] | None) -> list[dict[str, Any]]:
    first = dict(published[0]) if published else {}
    # The published spelling of the id stays when it is the same org-id once normalised.
    if _normalised(first.get("id")) != org_id:
        first["id"] = org_id
    # The name as this grant published it; an organisation met under several names keeps one.
    first.setdefault("name", name)
    return [first, *(published or [])[1:]]


def _normalised(org_id: Any) -> str | None:
    try:
        return normalise_org_id(org_id) if isinstance(org_id, str) else None
    except InvalidOrgId:
        return None


def grant_of(award: Award) -> dict[str, Any]:
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
    grant["recipientOrganization"] = _org(
        award.recipient.org_id, award.recipient.name, raw.get("recipientOrganization")
    )
    funder_id = award.funder.org_id or f"360G-signpost-{award.funder.slug}"
    grant["fundingOrganization"] = _org(
        funder_id, award.funder.name, raw.get("fundingOrganization")
    )
    if not raw:
        # Awards typed in or seeded: their boroughs are all the location there is.
        grant["beneficiaryLocation"] = [
            {"geoCode": b.gss_code, "geoCodeType": "LONB"} for b in award.boroughs
        ]
        if award.stream:
            grant["grantProgramme"] = [{"code": award.stream.slug, "title": award.stream.name}]
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
    yield '{"grants": ['
    for n, award in enumerate(_awards(session, stmt)):
        yield ("," if n else "") + "\n" + json.dumps(grant_of(award), ensure_ascii=False)
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
    ("Funding Org:Identifier", ("fundingOrganization", 0, "id")),
    ("Funding Org:Name", ("fundingOrganization", 0, "name")),
    ("Grant Programme:Code", ("grantProgramme", 0, "code")),
    ("Grant Programme:Title", ("grantProgramme", 0, "title")),
)
# Beneficiary locations repeat, numbered as flattentool reads them back ("…:1:Name").
LOCATION_COLUMNS = (
    ("Name", "name"),
    ("Geographic Code", "geoCode"),
    ("Geographic Code Type", "geoCodeType"),
    ("Country Code", "countryCode"),
)
MAX_LOCATIONS = 10


def _at(grant: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        try:
            grant = grant[step]
        except (KeyError, IndexError, TypeError):
            return ""
    return grant


def csv_header() -> list[str]:
    header = [title for title, _ in CSV_COLUMNS]
    for i in range(MAX_LOCATIONS):
        prefix = "Beneficiary Location:" + (f"{i}:" if i else "")
        header += [prefix + title for title, _ in LOCATION_COLUMNS]
    return header


def csv_row(grant: dict[str, Any]) -> list[Any]:
    row = [_at(grant, path) for _, path in CSV_COLUMNS]
    locations = grant.get("beneficiaryLocation") or []
    for i in range(MAX_LOCATIONS):
        row += [_at(locations, (i, key)) for _, key in LOCATION_COLUMNS]
    return row


def write_csv(*, session: Session, stmt: Select[Any] | None = None) -> Iterator[str]:
    """The awards as one CSV sheet with the standard's column titles, in chunks.

    One sheet carries the fields Signpost holds in columns and up to MAX_LOCATIONS beneficiary
    locations; the full grant (classifications, transactions …) is in the JSON package.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_header())
    for n, award in enumerate(_awards(session, stmt), start=1):
        writer.writerow(csv_row(grant_of(award)))
        if n % _CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
