"""Turns one validated 360Giving grant into the values of an Award. Pure: no database.

What the model has no column for is not lost: the whole grant is kept as JSON (`Award.raw`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from app.core.clock import parse_date
from app.core.identifiers import InvalidOrgId, normalise_org_id
from app.core.money import to_pence
from app.imports.validation import Problem

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
    recipient: OrgRef
    borough_codes: tuple[str, ...]
    locations: str
    programme_title: str | None
    programme_code: str | None
    raw: dict[str, Any]
    warnings: tuple[Problem, ...] = field(default=())

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
        }


class MappingError(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.reason)
        self.problem = problem


def _org(grant: dict[str, Any], key: str, warnings: list[Problem]) -> OrgRef:
    """The organisation's normalised org-id and name.

    A malformed published id (`GB-COH-` with no number happens) is replaced, with a warning, by
    the id its charity or company number gives, else by a minted `360G-signpost-<name>` id, as
    the seed loader does for recipients without one. The published id stays in `raw`.
    """
    org = grant[key][0]
    name = str(org.get("name") or org["id"])
    try:
        return OrgRef(org_id=_org_id(org["id"]), name=name)
    except InvalidOrgId as exc:
        reason = str(exc)
    for number, scheme in (("charityNumber", "GB-CHC"), ("companyNumber", "GB-COH")):
        if org.get(number):
            try:
                org_id = normalise_org_id(f"{scheme}-{org[number]}")
            except InvalidOrgId:
                continue
            warnings.append(Problem(f"{key}.0.id", f"{reason}; {org_id} taken from {number}"))
            return OrgRef(org_id=org_id, name=name)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        raise MappingError(Problem(f"{key}.0.id", reason))
    org_id = f"360G-signpost-{slug}"
    warnings.append(Problem(f"{key}.0.id", f"{reason}; {org_id} minted from the name"))
    return OrgRef(org_id=org_id, name=name)


def borough_code(location: dict[str, Any]) -> str | None:
    """The London borough a beneficiary location names, if any.

    A location counts when its `geoCodeType` is `LONB` or its `geoCode` is an E09 code; some
    publishers swap the two fields, so an E09 code in `geoCodeType` counts too.
    """
    code, kind = str(location.get("geoCode") or ""), str(location.get("geoCodeType") or "")
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


def map_grant(grant: dict[str, Any], *, known_boroughs: frozenset[str]) -> GrantRecord:
    """Maps a grant that passed validation; raises MappingError for an unusable org-id.

    Locations that name a borough Signpost knows become boroughs; all others are kept as text.
    """
    warnings: list[Problem] = []
    funder = _org(grant, "fundingOrganization", warnings)
    recipient = _org(grant, "recipientOrganization", warnings)
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
    for location in grant.get("beneficiaryLocation") or []:
        code = borough_code(location)
        if code in known_boroughs:
            boroughs.append(code)
        else:
            elsewhere.append(_location_text(location))
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
    )
