"""The import report: what an import read, wrote and refused."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from app.core.schemas import Schema

# A report lists at most this many rejections and warnings; the counts are always complete.
MAX_LISTED = 1000


class RowProblem(Schema):
    """One grant refused (or taken with a warning): its row, its id if it has one, the field
    (a dotted path into the grant, empty for the whole grant or file) and why."""

    row: int | None
    id: str | None
    field: str
    reason: str
    # A repair (repair mode): the value as published and as imported.
    before: Any = None
    after: Any = None


class MoneyTotal(Schema):
    currency: str
    count: int
    # Pounds: a whole number when it is one, else two decimals.
    amount: int | float


class ImportReport(Schema):
    file: str
    dry_run: bool
    # Repair mode: well-known slips in optional fields fixed (app/imports/repair.py), each
    # listed among the warnings with its value before and after.
    repair: bool = False
    # True when the awards were written; False after a dry run or when a row was refused
    # (without skip_invalid) or the file could not be read: then nothing was written.
    imported: bool = False
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    # Grants whose slips repair mode fixed (repair mode), or, in strict mode, refused grants
    # that repair mode would have fixed and imported.
    repaired: int = 0
    repairable: int = 0
    # Sums of the grants accepted (created, updated or unchanged), per currency.
    totals: list[MoneyTotal] = Field(default_factory=list)
    rejections: list[RowProblem] = Field(default_factory=list)
    warnings: list[RowProblem] = Field(default_factory=list)

    def reject(self, problem: RowProblem) -> None:
        if len(self.rejections) < MAX_LISTED:
            self.rejections.append(problem)

    def warn(self, problem: RowProblem) -> None:
        if len(self.warnings) < MAX_LISTED:
            self.warnings.append(problem)


def refusal_summary(report: ImportReport) -> str:
    """What a refused import says: how many grants were refused, and what --repair would do."""
    text = f"{report.rejected} of {report.rows_read} grants were refused; nothing was imported."
    if report.repairable and report.repairable == report.rejected:
        text += (
            " Repair mode (--repair, or repair=true) would import the file, repairing "
            f"{report.repairable} grants."
        )
    elif report.repairable:
        text += (
            f" Repair mode (--repair, or repair=true) would repair {report.repairable} of them;"
            f" {report.rejected - report.repairable} would still be refused."
        )
    return text
