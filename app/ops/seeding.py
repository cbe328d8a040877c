"""Loading the seed data in `seed/` (boroughs, vocabularies, funders, streams, awards).

Idempotent: every record is matched by its public id and only changed fields are written, so a
second run changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards.aggregates import refresh_awards
from app.awards.models import AWARD_VOCABULARIES, Award
from app.awards.recipients import upsert_organisation
from app.awards.search_index import index_awards
from app.core.clock import as_utc
from app.core.identifiers import normalise_org_id
from app.core.money import whole_pence
from app.core.write_types import share_from
from app.funders.models import Funder
from app.organisations.names import match_name
from app.reference.models import VOCABULARIES, Borough, VocabularyTerm
from app.reference.vocabularies import PLURALS
from app.streams.models import EligibilityRules, FundingStream, StreamSource
from app.streams.search_index import reindex_streams, renew_catalogue_token

SEED_DIR = Path(__file__).resolve().parents[2] / "seed"


class SeedError(ValueError):
    pass


def pounds_to_pence(value: Any) -> int | None:
    """Converts pounds (int, float or string) to exact integer pence."""
    if value is None:
        return None
    try:
        return whole_pence(value)
    except ValueError as exc:
        raise SeedError(str(exc)) from exc


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def published_at(announced: Any, opens_on: dt.date | None) -> dt.datetime | None:
    """When a round was published, from its source: announced, else opened, else unknown (never
    the time of loading: a 2019/20 round seeded today must not look new)."""
    if announced:
        if not isinstance(announced, dt.datetime):
            announced = dt.datetime.fromisoformat(str(announced))
        return as_utc(announced)
    if opens_on is not None:
        return dt.datetime.combine(opens_on, dt.time(), dt.UTC)
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _assign(obj: Any, values: dict[str, Any]) -> bool:
    """Sets only the attributes whose value differs; tells whether anything changed."""
    changed = False
    for name, value in values.items():
        current = getattr(obj, name)
        if isinstance(current, dt.datetime) and isinstance(value, dt.datetime):
            if as_utc(current) == as_utc(value):
                continue
        elif current == value:
            continue
        setattr(obj, name, value)
        changed = True
    return changed


def _read_yaml(directory: Path, name: str) -> Any:
    with (directory / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class Loader:
    def __init__(self, session: Session, directory: Path) -> None:
        self.session = session
        self.directory = directory
        self.counts: Counter[str] = Counter()
        self.awards_loaded: list[Award] = []
        self.changed_streams: list[FundingStream] = []
        # The index holds each stream's funder name: a changed funder changes its streams' entries.
        self.renamed_funders: set[str] = set()

    def _count(self, kind: str, created: bool, changed: bool) -> None:
        self.counts[
            f"{kind}.{'created' if created else 'updated' if changed else 'unchanged'}"
        ] += 1

    def boroughs(self) -> None:
        existing = {b.gss_code: b for b in self.session.scalars(select(Borough))}
        with (self.directory / "boroughs.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                values = {
                    "name": row["name"],
                    "official_name": row["official_name"],
                    "org_id": normalise_org_id(row["org_id_gb_lae"]),
                    "inner_london": row["inner_outer_london"] == "Inner London",
                    "population": int(row["ons_2018based_snpp_all_ages_2020"]),
                }
                borough = existing.get(row["gss_code"])
                created = borough is None
                if borough is None:
                    borough = Borough(gss_code=row["gss_code"])
                    self.session.add(borough)
                self._count("boroughs", created, _assign(borough, values))
        self.session.flush()
        self.known_boroughs = {b.gss_code for b in self.session.scalars(select(Borough))}

    def vocabularies(self) -> None:
        data = _read_yaml(self.directory, "vocabularies")
        existing = {(t.vocabulary, t.slug): t for t in self.session.scalars(select(VocabularyTerm))}
        for vocabulary, terms in data.items():
            if vocabulary not in VOCABULARIES:
                raise SeedError(f"vocabularies.yaml: unknown vocabulary {vocabulary!r}")
            for position, term in enumerate(terms):
                key = (vocabulary, term["slug"])
                row = existing.get(key)
                created = row is None
                if row is None:
                    row = VocabularyTerm(vocabulary=vocabulary, slug=term["slug"])
                    self.session.add(row)
                values = {
                    "label": term["label"],
                    "description": term.get("description") or "",
                    "position": position,
                }
                self._count("vocabulary_terms", created, _assign(row, values))
        self.session.flush()
        self.known_terms = set(existing) | {
            (v, t["slug"]) for v, terms in data.items() for t in terms
        }

    def funders(self) -> None:
        for item in _read_yaml(self.directory, "funders"):
            funder = self.session.scalar(select(Funder).where(Funder.slug == item["id"]))
            created = funder is None
            if funder is None:
                funder = Funder(slug=item["id"])
                self.session.add(funder)
            values = {
                "name": item["name"],
                "org_id": normalise_org_id(item["org_id"]) if item.get("org_id") else None,
                "kind": item.get("kind") or "",
                "url": item.get("url"),
                "source_url": item.get("source_url"),
            }
            changed = _assign(funder, values)
            self._count("funders", created, changed)
            if changed and not created:
                self.renamed_funders.add(item["id"])
        self.session.flush()

    def _funder(self, slug: str, where: str) -> Funder:
        funder = self.session.scalar(select(Funder).where(Funder.slug == slug))
        if funder is None:
            raise SeedError(f"{where}: unknown funder {slug!r}")
        return funder

    def _checked_slugs(self, item: dict[str, Any], vocabulary: str, where: str) -> list[str]:
        slugs: list[str] = list(item.get(PLURALS[vocabulary]) or [])
        unknown = [s for s in slugs if (vocabulary, s) not in self.known_terms]
        if unknown:
            raise SeedError(f"{where}: unknown {vocabulary} term(s) {unknown}")
        return slugs

    def _checked_boroughs(self, codes: list[str] | None, where: str) -> list[str]:
        unknown = [c for c in codes or [] if c not in self.known_boroughs]
        if unknown:
            raise SeedError(f"{where}: unknown borough code(s) {unknown}")
        return list(codes or [])

    def streams(self) -> None:
        for item in _read_yaml(self.directory, "streams"):
            where = f"streams.yaml {item['id']}"
            stream = self.session.scalar(
                select(FundingStream).where(FundingStream.slug == item["id"])
            )
            created = stream is None
            if stream is None:
                stream = FundingStream(slug=item["id"])
                self.session.add(stream)
            changed = _assign(stream, self._stream_values(item, where))
            changed |= self._stream_collections(stream, item, where)
            self._count("streams", created, changed)
            if created or changed or item["funder"] in self.renamed_funders:
                self.changed_streams.append(stream)
        self.session.flush()
        reindex_streams(self.session, [s.pk for s in self.changed_streams])

    def _stream_values(self, item: dict[str, Any], where: str) -> dict[str, Any]:
        values: dict[str, Any] = {
            "funder_pk": self._funder(item["funder"], where).pk,
            "name": item["name"],
            "summary": item.get("summary") or "",
            "description": item.get("description") or "",
            "url": item.get("url"),
            "currency": item.get("currency") or "GBP",
            "max_duration_months": item.get("max_duration_months"),
            "multi_year": item.get("multi_year"),
            "match_funding_required": item.get("match_funding_required"),
            "age_min": item.get("age_min"),
            "age_max": item.get("age_max"),
            "illustrative": bool(item.get("illustrative", False)),
        }
        for name in ("opens_on", "closes_on", "decision_expected_on"):
            values[name] = _date(item.get(name))
        for name in ("programme_start", "programme_end"):
            values[name] = _date(item.get(name))
        for name in ("total_budget", "min_award", "max_award"):
            values[f"{name}_pence"] = pounds_to_pence(item.get(name))
        values["published_at"] = published_at(item.get("published_at"), values["opens_on"])
        return values

    def _stream_collections(self, stream: FundingStream, item: dict[str, Any], where: str) -> bool:
        changed = False
        for vocabulary in VOCABULARIES:
            source = item.get("eligibility") or {} if vocabulary == "applicant_type" else item
            changed |= stream.set_slugs(vocabulary, self._checked_slugs(source, vocabulary, where))
        changed |= stream.set_boroughs(self._checked_boroughs(item.get("boroughs"), where))
        sources = [
            (s["url"], s.get("title") or "", _date(s.get("date")))
            for s in item.get("sources") or []
        ]
        if [(s.url, s.title, s.published_on) for s in stream.sources] != sources:
            stream.sources = [
                StreamSource(position=i, url=u, title=t, published_on=d)
                for i, (u, t, d) in enumerate(sources)
            ]
            changed = True
        rules = item.get("eligibility") or {}
        if stream.eligibility is None:
            stream.eligibility = EligibilityRules()
            changed = True
        ratio = rules.get("max_grant_to_income_ratio")
        years = rules.get("min_years_operating")
        changed |= _assign(
            stream.eligibility,
            {
                "income_min_pence": pounds_to_pence(rules.get("income_min")),
                "income_max_pence": pounds_to_pence(rules.get("income_max")),
                "min_years_operating": None if years is None else Decimal(str(years)),
                "max_grant_to_income_ratio": None if ratio is None else share_from(ratio),
                "registered_number_required": rules.get("registered_number_required"),
                "safeguarding_policy_required": rules.get("safeguarding_policy_required"),
                "london_based_required": rules.get("london_based_required"),
                "partnerships_allowed": rules.get("partnerships_allowed"),
                "other_criteria": rules.get("other_criteria") or "",
            },
        )
        return changed

    def awards(self) -> None:
        streams = {s.slug: s.pk for s in self.session.scalars(select(FundingStream))}
        for item in _read_yaml(self.directory, "awards"):
            where = f"awards.yaml {item['id']}"
            recipient = item["recipient"]
            raw_org_id = recipient.get("org_id") or f"360G-signpost-{_slug(recipient['name'])}"
            organisation = upsert_organisation(
                session=self.session, org_id=normalise_org_id(raw_org_id), name=recipient["name"]
            )
            _assign(
                organisation,
                {"name": recipient["name"], "match_name": match_name(recipient["name"])},
            )
            if item.get("stream") and item["stream"] not in streams:
                raise SeedError(f"{where}: unknown stream {item['stream']!r}")
            award = self.session.scalar(select(Award).where(Award.identifier == item["id"]))
            created = award is None
            if award is None:
                award = Award(identifier=item["id"], provenance="seed")
                self.session.add(award)
            source = item.get("source") or {}
            amount = pounds_to_pence(item["amount"])
            changed = _assign(
                award,
                {
                    "funder_pk": self._funder(item["funder"], where).pk,
                    "stream_pk": streams[item["stream"]] if item.get("stream") else None,
                    "recipient_pk": organisation.pk,
                    "title": item.get("title") or "",
                    "description": item.get("description") or "",
                    "amount_pence": amount,
                    "currency": item.get("currency") or "GBP",
                    "award_date": _date(item.get("award_date")),
                    "planned_start": _date(item.get("planned_start")),
                    "planned_end": _date(item.get("planned_end")),
                    "source_url": source.get("url"),
                    "source_title": source.get("title"),
                    "source_date": _date(source.get("date")),
                    "provenance": "seed",
                },
            )
            for vocabulary in AWARD_VOCABULARIES:
                changed |= award.set_slugs(vocabulary, self._checked_slugs(item, vocabulary, where))
            changed |= award.set_boroughs(self._checked_boroughs(item.get("boroughs"), where))
            self._count("awards", created, changed)
            self.awards_loaded.append(award)
        self.session.flush()


_WRITTEN = ("created", "updated")


def load_seed(session: Session, directory: Path = SEED_DIR) -> dict[str, int]:
    """Loads every seed file into the session's transaction; returns counts per kind and outcome."""
    loader = Loader(session, directory)
    # Records are flushed once complete, never half-built by a lookup's autoflush.
    with session.no_autoflush:
        loader.boroughs()
        loader.vocabularies()
        loader.funders()
        loader.streams()
        loader.awards()
    reference = ("boroughs", "vocabulary_terms")
    if any(loader.counts[f"{kind}.{outcome}"] for kind in reference for outcome in _WRITTEN):
        # Workers validate and label with cached boroughs and terms.
        renew_catalogue_token(session)
    # The derived tables follow every award write, the seed's included.
    award_pks = [a.pk for a in loader.awards_loaded]
    index_awards(session, award_pks)
    refresh_awards(session, award_pks)
    return dict(sorted(loader.counts.items()))
