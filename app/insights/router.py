from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.core.dates import InputDate
from app.core.money import pence_to_pounds
from app.http.sessions import SessionDep
from app.insights import service
from app.insights.csv import gaps_csv, priorities_csv
from app.insights.schemas import Amounts, Gaps, Priorities, PriorityCell
from app.reference.service import check_terms

router = APIRouter(prefix="/v1/insights", tags=["insights"])

Dimension = Literal["borough", "activity", "violence_type", "funder", "year"]
From = Annotated[InputDate | None, Query(alias="from", description="Awards dated on or after.")]
To = Annotated[InputDate | None, Query(alias="to", description="Awards dated on or before.")]
Format = Annotated[Literal["json", "csv"] | None, Query(description="csv, or Accept: text/csv")]


def _wants_csv(request: Request, format: str | None) -> bool:
    if format is not None:
        return format == "csv"
    return "text/csv" in request.headers.get("accept", "")


def _per_head(pence: int, population: int | None) -> float | None:
    return round(pence / 100 / population, 4) if population else None


def _amounts(line: service.Line) -> Amounts:
    return Amounts(
        key=line.key,
        label=line.label,
        amount=pence_to_pounds(line.pence) or 0,
        count=line.count,
        population=line.population,
        per_head=_per_head(line.pence, line.population),
    )


def _csv(body: str, name: str) -> Response:
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@router.get(
    "/priorities", response_model=Priorities, responses={200: {"content": {"text/csv": {}}}}
)
def priorities(
    request: Request,
    session: SessionDep,
    rows: Dimension = "borough",
    cols: Dimension | None = None,
    date_from: From = None,
    date_to: To = None,
    format: Format = None,
) -> Priorities | Response:
    """Where money already goes: totals, counts and money per head by `rows` (and `cols`)."""
    matrix = service.priorities(
        session=session, rows=rows, cols=cols, date_from=date_from, date_to=date_to
    )
    answer = Priorities(
        rows=rows,
        cols=cols,
        date_from=date_from,
        date_to=date_to,
        currency="GBP",
        note=service.SPLIT_NOTE,
        total=_amounts(matrix.total),
        row_totals=[_amounts(t) for t in matrix.row_totals],
        col_totals=[_amounts(t) for t in matrix.col_totals],
        cells=[
            PriorityCell(
                row=r.key,
                col=c.key,
                amount=pence_to_pounds(cell.pence) or 0,
                count=cell.count,
                per_head=_per_head(cell.pence, r.population or c.population),
            )
            for r, c, cell in matrix.cells
        ],
    )
    if _wants_csv(request, format):
        return _csv(priorities_csv(answer), f"priorities-{rows}-{cols or 'total'}")
    return answer


@router.get("/gaps", response_model=Gaps, responses={200: {"content": {"text/csv": {}}}})
def gaps(
    request: Request,
    session: SessionDep,
    activity: Annotated[str, Query(description="An activity slug.")],
    date_from: From = None,
    date_to: To = None,
    format: Format = None,
) -> Gaps | Response:
    """Boroughs ranked by least money per head for an activity (none first)."""
    check_terms(session=session, vocabulary="activity", slugs=[activity], loc=["query", "activity"])
    boroughs, unplaced = service.gaps(
        session=session, activity=activity, date_from=date_from, date_to=date_to
    )
    answer = Gaps(
        activity=activity,
        date_from=date_from,
        date_to=date_to,
        currency="GBP",
        note=service.SPLIT_NOTE,
        boroughs=[_amounts(b) for b in boroughs],
        not_stated=_amounts(unplaced),
    )
    if _wants_csv(request, format):
        return _csv(gaps_csv(answer), f"gaps-{activity}")
    return answer
