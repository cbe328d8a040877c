"""A corpus of realistic 360Giving files (tests/imports/corpus/), written for these tests: each
file's report, in strict and in repair mode, row by row."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards.models import Award
from app.imports.reader import iter_file
from app.imports.schemas import ImportReport
from app.imports.service import import_grants

CORPUS = Path(__file__).parent / "corpus"
Rows = list[tuple[int | None, str]]


def _import(session: Session, path: Path, **options: Any) -> ImportReport:
    return import_grants(session=session, grants=iter_file(path), file_name=path.name, **options)


def _rows(problems: Any) -> Rows:
    return [(p.row, p.field) for p in problems]


# file -> (created, rejections, warnings) in strict mode, then the same with repair mode.
EXPECTED: dict[str, tuple[tuple[int, Rows, Rows], tuple[int, Rows, Rows]]] = {
    "individuals_mixed.json": (
        (4, [], [(3, "recipientIndividual.name")]),
        (4, [], [(3, "recipientIndividual.name")]),
    ),
    "multi_funder.json": ((4, [], []), (4, [], [])),
    "grants.csv": ((2, [], []), (2, [], [])),
    "slips.json": (
        (
            0,
            [
                (1, "fromOpenCall"),
                (2, "url"),
                (2, "fromOpenCall"),
                (3, "recipientOrganization.0.url"),
                (4, "beneficiaryLocation.0.countryCode"),
            ],
            [],
        ),
        (
            5,
            [],
            [
                (1, "fromOpenCall"),
                (2, "fromOpenCall"),
                (2, "url"),
                (3, "recipientOrganization.0.url"),
                (4, "beneficiaryLocation.0.geoCode"),
                (4, "beneficiaryLocation.0.countryCode"),
            ],
        ),
    ),
    "out_of_range.json": (
        (0, [(2, "awardDate"), (3, "plannedDates.0.startDate"), (4, "title")], []),
        (0, [(2, "awardDate"), (3, "plannedDates.0.startDate"), (4, "title")], []),
    ),
    "broken_formats.json": (
        (
            0,
            [
                (1, "amountAwarded"),
                (2, "currency"),
                (3, "awardDate"),
                (4, "recipientOrganization"),
                (5, "recipientOrganization.0.url"),
            ],
            [],
        ),
        (
            0,
            [(1, "amountAwarded"), (2, "currency"), (3, "awardDate"), (4, "recipientOrganization")],
            [(5, "recipientOrganization.0.url")],
        ),
    ),
    "truncated.json": ((0, [(2, "")], []), (0, [(2, "")], [])),
    "not_json.json": ((0, [(None, "")], []), (0, [(None, "")], [])),
}


@pytest.mark.parametrize("repair", [False, True], ids=["strict", "repair"])
@pytest.mark.parametrize("name", EXPECTED)
def test_each_corpus_file_gives_its_report(session: Session, name: str, repair: bool) -> None:
    created, rejections, warnings = EXPECTED[name][repair]

    report = _import(session, CORPUS / name, repair=repair)

    assert _rows(report.rejections) == rejections
    assert _rows(report.warnings) == warnings
    assert report.imported == (not rejections)
    assert report.created == created
    assert all(p.reason for p in [*report.rejections, *report.warnings])


def test_every_corpus_file_is_in_the_table() -> None:
    assert {p.name for p in CORPUS.iterdir()} == set(EXPECTED)


def test_a_refused_slips_file_says_repair_would_import_it(session: Session) -> None:
    report = _import(session, CORPUS / "slips.json")
    assert report.repairable == report.rejected == 4


def test_the_csv_and_an_xlsx_of_the_same_sheet_import_the_same_awards(
    session: Session, tmp_path: Path
) -> None:
    with (CORPUS / "grants.csv").open(encoding="utf-8") as sheet:
        rows = list(csv.reader(sheet))
    workbook = openpyxl.Workbook()
    grants = workbook.active
    assert grants is not None
    grants.title = "grants"
    for row in rows:
        grants.append([_cell(value) for value in row])
    xlsx = tmp_path / "grants.xlsx"
    workbook.save(xlsx)

    report = _import(session, xlsx)

    assert report.imported and report.created == 2, report.rejections
    sport = session.scalar(select(Award).where(Award.identifier == "360G-corpus-061"))
    person = session.scalar(select(Award).where(Award.identifier == "360G-corpus-062"))
    assert sport is not None and person is not None
    assert sport.amount_pence == 1250050
    assert sport.borough_codes() == ["E09000010", "E09000014"]
    assert person.recipient is None
    assert person.recipient_individual == {
        "id": "LCF-IND-62",
        "primaryGrantReason": "GTIR010",
        "grantPurpose": ["GTIP040", "GTIP010"],
    }


def _cell(value: str) -> Any:
    try:
        return float(value) if "." in value else int(value)
    except ValueError:
        return value
