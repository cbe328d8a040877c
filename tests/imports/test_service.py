from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.awards.models import Award, AwardBorough
from app.imports import service
from app.imports.reader import iter_file
from app.imports.schemas import ImportReport
from app.imports.service import import_grants
from app.organisations.models import Organisation
from tests.imports.conftest import COVID, LONDON, grant


def run(session: Session, path: Path, **options: Any) -> ImportReport:
    return import_grants(session=session, grants=iter_file(path), file_name=path.name, **options)


def award_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Award)) or 0


def test_covid_tracker_file_imports_with_counts_and_totals_of_the_file(session: Session) -> None:
    grants = json.loads(COVID.read_text(encoding="utf-8"), parse_float=Decimal)["grants"]
    expected: dict[str, Decimal] = {}
    for g in grants:
        expected[g["currency"]] = expected.get(g["currency"], Decimal(0)) + g["amountAwarded"]
    before = award_count(session)

    report = run(session, COVID)

    assert report.imported
    assert (report.rows_read, report.created, report.rejected) == (len(grants), len(grants), 0)
    assert {t.currency: Decimal(str(t.amount)) for t in report.totals} == expected
    assert award_count(session) == before + len(grants)
    stored = session.scalar(
        select(func.sum(Award.amount_pence)).where(Award.import_file == COVID.name)
    )
    assert stored == sum(int(a * 100) for a in expected.values())


def test_reimporting_the_same_file_changes_nothing(session: Session) -> None:
    run(session, LONDON)
    before = session.execute(select(Award.pk, Award.updated_at)).all()

    again = run(session, LONDON)

    assert again.imported and again.created == again.updated == 0
    assert again.unchanged == again.rows_read
    assert session.execute(select(Award.pk, Award.updated_at)).all() == before


def test_london_grants_are_linked_to_their_boroughs(session: Session) -> None:
    grants = json.loads(LONDON.read_text(encoding="utf-8"))["grants"]
    expected = {
        g["id"]: {
            value
            for loc in g.get("beneficiaryLocation", [])
            for value in (loc.get("geoCode"), loc.get("geoCodeType"))
            if isinstance(value, str) and re.fullmatch(r"E09\d{6}", value)
        }
        for g in grants
    }
    expected = {k: v for k, v in expected.items() if v}
    assert len(expected) >= 40

    run(session, LONDON)

    linked: dict[str, set[str]] = {}
    for identifier, code in session.execute(
        select(Award.identifier, AwardBorough.gss_code)
        .join(AwardBorough)
        .where(Award.import_file == LONDON.name)
    ):
        linked.setdefault(identifier, set()).add(code)
    assert linked == expected


def test_a_changed_grant_is_updated_and_its_changes_handed_to_the_hook(
    session: Session, write_package: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(session, write_package([grant(1), grant(2)]))
    seen: list[Any] = []
    monkeypatch.setattr(service, "after_awards_imported", lambda s, **kw: seen.append(kw))

    report = run(session, write_package([grant(1), grant(2, amountAwarded=5000.5)]))

    assert (report.updated, report.unchanged) == (1, 1)
    award = session.scalar(select(Award).where(Award.identifier == "360G-test-2"))
    assert award is not None and award.amount_pence == 500050
    [change] = seen[0]["updated"]
    assert change.identifier == "360G-test-2"
    assert change.changes["amount_pence"] == (1002 * 100, 500050)


BROKEN = {
    "missing title": (grant(2, title=None), "title", "is required"),
    "negative amount": (grant(2, amountAwarded=-10), "amountAwarded", "negative"),
    "unknown currency": (grant(2, currency="ZZZ"), "currency", "codelist"),
    "award date not a date": (grant(2, awardDate="2024-02-30"), "awardDate", "not a date"),
    "amount as text": (grant(2, amountAwarded="lots"), "amountAwarded", "not of type"),
    "award date in year 9999": (grant(2, awardDate="9999-12-31"), "awardDate", "outside"),
    "award date before 1900": (grant(2, awardDate="1066-10-14"), "awardDate", "1900-01-01"),
    "planned end in year 9999": (
        grant(2, plannedDates=[{"startDate": "2024-01-01", "endDate": "9999-12-31"}]),
        "plannedDates.0.endDate",
        "outside",
    ),
    "NUL in the title": (grant(2, title="Boxing\x00club"), "title", "U+0000"),
    "control character in a recipient name": (
        grant(2, recipientOrganization=[{"id": "GB-CHC-1", "name": "Club\x1b[0m"}]),
        "recipientOrganization.0.name",
        "U+001B",
    ),
    "recipient url without a scheme": (
        grant(2, recipientOrganization=[{"id": "GB-CHC-1", "name": "X", "url": "www.x.org"}]),
        "recipientOrganization.0.url",
        "scheme",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_bad_row_mid_file_imports_nothing_and_is_reported(
    session: Session, write_package: Any, case: str
) -> None:
    bad, field, reason = BROKEN[case]
    before = award_count(session)

    report = run(session, write_package([grant(1), bad, grant(3)]))

    assert not report.imported
    assert report.rows_read == 3 and report.rejected == 1
    assert [(p.row, p.field) for p in report.rejections] == [(2, field)]
    assert reason in report.rejections[0].reason
    assert award_count(session) == before


def test_skip_invalid_imports_the_valid_rows(session: Session, write_package: Any) -> None:
    bad = grant(2, amountAwarded=-1)
    report = run(session, write_package([grant(1), bad, grant(3)]), skip_invalid=True)
    assert report.imported and (report.created, report.rejected) == (2, 1)
    assert session.scalar(select(Award).where(Award.identifier == "360G-test-2")) is None


def test_a_grant_id_twice_in_a_file_is_refused(session: Session, write_package: Any) -> None:
    report = run(session, write_package([grant(1), grant(1, title="Again")]))
    assert not report.imported
    assert report.rejections[0].field == "id" and report.rejections[0].row == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("this is not json", "not JSON"),
        ('{"grants": [{"id": "360G-x", "title": "cut', "cut short"),
        ('{"note": "no grants here"}', "no grants"),
    ],
)
def test_an_unreadable_file_imports_nothing(
    session: Session, tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    before = award_count(session)
    report = run(session, path, skip_invalid=True)
    assert not report.imported and report.rejected == 1
    assert reason in report.rejections[0].reason
    assert award_count(session) == before


def test_a_truncated_file_leaves_the_database_as_it_was(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small batches, so that some are written before the cut is reached.
    monkeypatch.setattr(service, "BATCH_SIZE", 300)
    text = COVID.read_text(encoding="utf-8")
    path = tmp_path / "truncated.json"
    path.write_text(text[: len(text) * 3 // 4], encoding="utf-8")
    before = (award_count(session), session.scalar(select(func.count()).select_from(Organisation)))

    report = run(session, path)

    assert not report.imported and report.rows_read > 1000
    assert "cut short" in report.rejections[-1].reason
    after = (award_count(session), session.scalar(select(func.count()).select_from(Organisation)))
    assert after == before


def test_a_dry_run_reports_but_writes_nothing(session: Session) -> None:
    before = award_count(session)
    report = run(session, LONDON, dry_run=True)
    assert not report.imported and report.created == report.rows_read > 0
    assert award_count(session) == before


def test_a_bare_list_and_a_csv_sheet_import_too(session: Session, tmp_path: Path) -> None:
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps([grant(1)]), encoding="utf-8")
    assert run(session, bare).created == 1
    sheet = tmp_path / "grants.csv"
    sheet.write_text(
        "Identifier,Title,Description,Currency,Amount Awarded,Award Date,"
        "Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,Funding Org:Name,"
        "Beneficiary Location:Geographic Code,Beneficiary Location:1:Geographic Code\n"
        "360G-csv-1,T,D,GBP,1234.56,2024-01-02,GB-COH-123,Org,GB-CHC-1035628,CBT,"
        "E09000012,E09000001\n",
        encoding="utf-8",
    )
    assert run(session, sheet).created == 1
    award = session.scalar(select(Award).where(Award.identifier == "360G-csv-1"))
    assert award is not None and award.amount_pence == 123456
    assert award.recipient.org_id == "GB-COH-00000123"
    assert [b.gss_code for b in award.boroughs] == ["E09000001", "E09000012"]


def test_an_xlsx_workbook_with_the_standards_titles_imports(
    session: Session, tmp_path: Path
) -> None:
    import datetime as dt

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "grants"
    sheet.append(
        [
            "Identifier",
            "Title",
            "Description",
            "Currency",
            "Amount Awarded",
            "Award Date",
            "Recipient Org:Identifier",
            "Recipient Org:Name",
            "Funding Org:Identifier",
            "Funding Org:Name",
            "Beneficiary Location:Geographic Code",
        ]
    )
    sheet.append(
        [
            "360G-xlsx-1",
            "T",
            "D",
            "GBP",
            250.75,
            dt.datetime(2024, 3, 1),
            "GB-CHC-555",
            "Org",
            "GB-CHC-1035628",
            "CBT",
            "E09000001",
        ]
    )
    path = tmp_path / "grants.xlsx"
    workbook.save(path)

    report = run(session, path)

    assert report.imported and report.created == 1, report.rejections
    award = session.scalar(select(Award).where(Award.identifier == "360G-xlsx-1"))
    assert award is not None and award.amount_pence == 25075
    assert award.award_date == dt.date(2024, 3, 1)
    assert [b.gss_code for b in award.boroughs] == ["E09000001"]
