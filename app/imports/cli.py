"""`signpost import-360giving` and `signpost export-360giving`."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.orm import Session

from app.core.db import get_engine
from app.imports.reader import iter_file
from app.imports.schemas import ImportReport, refusal_summary
from app.imports.service import import_grants


def _print_report(report: ImportReport, console: Console) -> None:
    verdict = "imported" if report.imported else "NOT imported (nothing written)"
    if report.dry_run:
        verdict = "dry run: nothing written"
    console.print(f"{report.file}: {verdict}")
    for name in ("rows_read", "created", "updated", "unchanged", "rejected", "repaired"):
        console.print(f"  {name.replace('_', ' ')}: {getattr(report, name)}")
    for total in report.totals:
        console.print(f"  total {total.currency}: {total.amount} ({total.count} grants)")
    for kind, problems in (("rejected", report.rejections), ("warning", report.warnings)):
        for p in problems:
            console.print(
                f"  {kind} row {p.row} {p.id or ''} {p.field or '(file)'}: {p.reason}",
                markup=False,
                highlight=False,
            )
    if report.rejected and not report.imported:
        console.print(refusal_summary(report), markup=False, highlight=False)


def import_360giving(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSON, CSV or XLSX."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and report; write nothing."),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="Import the valid grants even when some rows are refused."
    ),
    repair: bool = typer.Option(
        False,
        "--repair",
        help="Fix well-known slips in optional fields (fromOpenCall Y/N, web addresses without "
        "a scheme or two in one field, stray spaces, lower-case country codes); each repair "
        "is listed.",
    ),
    json_report: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Import a 360Giving file as awards (one transaction; idempotent by grant id)."""
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,} grants"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with progress, Session(get_engine()) as session, session.begin():
        task = progress.add_task(f"Importing {file.name}", total=None)
        report = import_grants(
            session=session,
            grants=iter_file(file),
            file_name=file.name,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            repair=repair,
            progress=lambda rows: progress.update(task, completed=rows),
        )
    if json_report:
        typer.echo(report.model_dump_json(indent=2))
    else:
        # One line per problem, however long: the report is read by people and by grep.
        _print_report(report, Console(soft_wrap=True))
    if not report.imported and not dry_run:
        raise typer.Exit(1)


def export_360giving(
    file: Path | None = typer.Argument(None, help="Where to write (default: standard output)."),
    csv: bool = typer.Option(False, "--csv", help="CSV with the standard's column titles."),
) -> None:
    """Export every award as a 360Giving JSON package (or CSV)."""
    from app.awards.export import write_csv, write_package

    with Session(get_engine()) as session:
        out = file.open("w", encoding="utf-8", newline="") if file else sys.stdout
        try:
            for chunk in (write_csv if csv else write_package)(session=session):
                out.write(chunk)
        finally:
            if file:
                out.close()
