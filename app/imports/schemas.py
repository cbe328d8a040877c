"""The import report: what an import read, wrote and refused."""

from __future__ import annotations

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


class MoneyTotal(Schema):
    currency: str
    count: int
    # Pounds: a whole number when it is one, else two decimals.
    amount: int | float


class ImportReport(Schema):
    file: str
    dry_run: bool
    # True when the awards were written; False after a dry run or when a row was refused
    # (without skip_invalid) or the file could not be read: then nothing was written.
    imported: bool = False
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
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
