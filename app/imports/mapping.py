"""Turns one validated 360Giving grant into the values of an Award. Pure: no database.

What the model has no column for is not lost: the whole grant is kept as JSON (`Award.raw`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from app.awards.grants360 import (
    GENERIC_INDIVIDUAL,
    is_generic_name,
    read_org_id,
    read_terms,
    without_ours,
)
from app.core.clock import parse_date
from app.core.identifiers import InvalidOrgId, normalise_org_id
from app.core.money import to_pence
from app.imports.problems import Problem

# London borough (and City of London) GSS codes.
_BOROUGH_CODE = re.compile(r"^E09\d{6}$")
# A file names the same funders and recipients again and again (a million grants: 200 funders,
# 50,000 recipients); an id that raises InvalidOrgId is not cached, and is rare.
_org_id = lru_cache(maxsize=2**16)(normalise_org_id)


@dataclass(frozen=True)
class OrgRef:
    org_id: str
    name: str


@dataclass(frozen=True)
class GrantRecord:
    """The Award columns one grant maps to, with the organisations it names."""

    identifier: str
    title: str
    description: str
    amount_pence: int
    currency: str
    award_date: dt.date | None
    planned_start: dt.date | None
    planned_end: dt.date | None
    funder: OrgRef
    # An organisation, or (a grant to a person) None and `individual` set.
    recipient: OrgRef | None
    borough_codes: tuple[str, ...]
    locations: str
    programme_title: str | None
    programme_code: str | None
    raw: dict[str, Any]
    warnings: tuple[Problem, ...] = field(default=())
    individual: dict[str, Any] | None = None
    # Signpost's terms named in `classifications`; None when the grant names none (the award's
    # terms are then left as they are).
    terms: tuple[tuple[str, str], ...] | None = None

    def columns(self) -> dict[str, Any]:
        """The values an Award row stores for this grant (organisation keys excepted)."""
        return {
            "identifier": self.identifier,
            "title": self.title,
            "description": self.description,
            "amount_pence": self.amount_pence,
            "currency": self.currency,
            "award_date": self.award_date,
            "planned_start": self.planned_start,
            "planned_end": self.planned_end,
            "locations": self.locations,
            "raw": self.raw,
            "recipient_individual": self.individual,
        }


class MappingError(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.reason)
        self.problem = problem


def org_ref(org: dict[str, Any], key: str, warnings: list[Problem]) -> OrgRef:
    """The organisation's normalised org-id and name (app.awards.grants360.read_org_id: a
    malformed published id is replaced, with a warning, by one its numbers or name give; the
    published id stays in `raw`)."""
    name = str(org.get("name") or org["id"])
    try:
        return OrgRef(org_id=_org_id(org["id"]), name=name)
    except InvalidOrgId:
        pass
    try:
        org_id, note = read_org_id(org)
    except InvalidOrgId as exc:
        raise MappingError(Problem(f"{key}.0.id", str(exc))) from exc
    if note:
        warnings.append(Problem(f"{key}.0.id", note))
    return OrgRef(org_id=org_id, name=name)


_DETAIL_CODES = ("primaryGrantReason", "secondaryGrantReason", "grantPurpose")


def _individual(grant: dict[str, Any], warnings: list[Problem]) -> dict[str, Any]:
    """A grant to a person: the funder's id for them and the standard's reason and purpose
    codes. Their name is never kept: one that is not a generic label is replaced in the stored
    grant by "Individual Recipient", with a warning that does not repeat it."""
    person = grant["recipientIndividual"]
    if not is_generic_name(person.get("name")):
        grant["recipientIndividual"] = person | {"name": GENERIC_INDIVIDUAL}
        warnings.append(
            Problem(
                "recipientIndividual.name",
                "a person's name is not kept (the standard asks publishers not to publish one); "
                f"stored as {GENERIC_INDIVIDUAL!r}",
            )
        )
    details = grant.get("toIndividualsDetails") or {}
    return {"id": person["id"]} | {k: details[k] for k in _DETAIL_CODES if k in details}


def borough_code(location: dict[str, Any]) -> str | None:
    """The London borough a beneficiary location names, if any.

    A location counts when its `geoCodeType` is `LONB` or its `geoCode` is an E09 code; some
    publishers swap the two fields, so an E09 code in `geoCodeType` counts too.
    """
    # Spaces around a code do not make it another code.
    code = str(location.get("geoCode") or "").strip()
    kind = str(location.get("geoCodeType") or "").strip()
    if _BOROUGH_CODE.match(code):
        return code
    if _BOROUGH_CODE.match(kind):
        return kind
    if kind == "LONB" and code:
        return code
    return None


def _location_text(location: dict[str, Any]) -> str:
    parts = [location.get("name"), location.get("geoCode"), location.get("countryCode")]
    return " ".join(str(p) for p in parts if p)


def map_grant(
    grant: dict[str, Any],
    *,
    known_boroughs: frozenset[str],
    known_terms: frozenset[tuple[str, str]] = frozenset(),
) -> GrantRecord:
    """Maps a grant that passed validation; raises MappingError for an unusable org-id.

    Locations that name a borough Signpost knows become boroughs; all others are kept as text.
    """
    warnings: list[Problem] = []
    funder = org_ref(grant["fundingOrganization"][0], "fundingOrganization", warnings)
    individual = None
    if "recipientIndividual" in grant:
        grant = dict(grant)  # the name may be dropped from what is stored
        individual = _individual(grant, warnings)
    recipient = (
        None
        if individual
        else org_ref(grant["recipientOrganization"][0], "recipientOrganization", warnings)
    )
    planned = (grant.get("plannedDates") or [{}])[0]
    start, end = parse_date(planned.get("startDate")), parse_date(planned.get("endDate"))
    if start and end and start > end:
        # Kept in `raw` as published; the columns refuse an impossible range.
        warnings.append(
            Problem("plannedDates.0.endDate", "is before the start date; planned dates not set")
        )
        start = end = None
    boroughs: list[str] = []
    elsewhere: list[str] = []
    for i, location in enumerate(grant.get("beneficiaryLocation") or []):
        code = borough_code(location)
        if code in known_boroughs:
            boroughs.append(code)
            continue
        elsewhere.append(_location_text(location))
        if code is not None:
            warnings.append(
                Problem(
                    f"beneficiaryLocation.{i}.geoCode",
                    f"{code} is not a borough Signpost knows: kept as text, not linked",
                )
            )
    dropped: list[tuple[str, str]] = []
    terms = read_terms(grant.get("classifications"), known_terms, dropped)
    warnings += [Problem(field, reason) for field, reason in dropped]
    grant = without_ours(grant)
    programme = (grant.get("grantProgramme") or [{}])[0]
    return GrantRecord(
        identifier=grant["id"],
        title=grant.get("title", ""),
        description=grant.get("description", ""),
        amount_pence=to_pence(grant["amountAwarded"]),
        currency=grant["currency"],
        award_date=parse_date(grant.get("awardDate")),
        planned_start=start,
        planned_end=end,
        funder=funder,
        recipient=recipient,
        borough_codes=tuple(dict.fromkeys(boroughs)),
        locations="; ".join(t for t in elsewhere if t),
        programme_title=programme.get("title"),
        programme_code=programme.get("code"),
        # Plain JSON, as the readers give it: kept whole.
        raw=grant,
        warnings=tuple(warnings),
        individual=individual,
        terms=terms,
    )
