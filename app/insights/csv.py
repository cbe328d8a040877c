"""The priorities and gaps answers as CSV (one row per cell or borough)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from app.insights.schemas import Gaps, Priorities


def _render(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue()


def priorities_csv(answer: Priorities) -> str:
    rows: list[Sequence[Any]]
    if answer.cols is None:
        rows = [
            (t.key, t.label, None, None, t.amount, t.count, t.per_head) for t in answer.row_totals
        ]
    else:
        row_labels = {t.key: t.label for t in answer.row_totals}
        col_labels = {t.key: t.label for t in answer.col_totals}
        rows = [
            (
                c.row,
                row_labels.get(c.row),
                c.col,
                col_labels.get(c.col),
                c.amount,
                c.count,
                c.per_head,
            )
            for c in answer.cells
        ]
    header = (answer.rows, f"{answer.rows}_label", answer.cols or "", f"{answer.cols or ''}_label")
    return _render((*header, "amount_gbp", "count", "per_head_gbp"), rows)


def gaps_csv(answer: Gaps) -> str:
    return _render(
        ("gss_code", "borough", "population", "amount_gbp", "count", "per_head_gbp"),
        ((b.key, b.label, b.population, b.amount, b.count, b.per_head) for b in answer.boroughs),
    )
