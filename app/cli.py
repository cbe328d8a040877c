"""The `signpost` command: serve, migrate, seed."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import typer

from app.auth.cli import keys_cli
from app.core.metrics import MULTIPROCESS_DIR
from app.core.settings import get_settings
from app.imports.cli import export_360giving, import_360giving
from app.ops import backup, migrate, serving

cli = typer.Typer(
    help="Signpost: London violence-prevention funding, joined up.", no_args_is_help=True
)
db_cli = typer.Typer(help="Database schema.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(keys_cli, name="keys")
cli.command("import-360giving")(import_360giving)
cli.command("export-360giving")(export_360giving)


@cli.command()
def serve(
    host: str | None = typer.Option(None, help="Address to bind (default SIGNPOST_HOST)."),
    port: int | None = typer.Option(None, help="Port (default SIGNPOST_PORT)."),
    workers: int = typer.Option(1, help="Worker processes."),
    access_log: bool = typer.Option(True, help="Log each request."),
) -> None:
    """Serve the API with uvicorn."""
    settings = get_settings()
    made = None
    if workers > 1 and not os.environ.get(MULTIPROCESS_DIR):
        # Several workers share their metrics through files (app/core/metrics.py): a fresh
        # directory per start, as prometheus-client requires, inherited by every worker.
        made = tempfile.mkdtemp(prefix="signpost-metrics-")
        os.environ[MULTIPROCESS_DIR] = made
    try:
        serving.serve(
            "app.main:app",
            host=host or settings.host,
            port=port or settings.port,
            workers=workers,
            log_level=settings.log_level.lower(),
            access_log=access_log,
        )
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)


@db_cli.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    migrate.upgrade(get_settings().database_url, revision)


@db_cli.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="Target revision, or 'base'.")) -> None:
    """Revert migrations down to REVISION."""
    migrate.downgrade(get_settings().database_url, revision)


@cli.command("backup")
def backup_command(
    path: Path = typer.Argument(..., help="File to write (replaced if it exists)."),
) -> None:
    """Copy the whole database to PATH while the service runs (SQLite's online backup API;
    pg_dump on PostgreSQL)."""
    try:
        backup.backup(get_settings().database_url, path)
    except backup.BackupError as exc:
        typer.echo(f"backup failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"backed up to {path}")


@cli.command("restore")
def restore_command(
    path: Path = typer.Argument(..., help="A file written by `signpost backup`."),
) -> None:
    """Replace the database with the backup at PATH, all or nothing (stop the service first)."""
    try:
        backup.restore(get_settings().database_url, path)
    except backup.BackupError as exc:
        typer.echo(f"restore failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"restored from {path}")


@cli.command()
def seed() -> None:
    """Load the seed data (idempotent: a second run changes nothing)."""
    from sqlalchemy.orm import Session

    from app.core.db import get_engine
    from app.ops.seeding import load_seed

    with Session(get_engine()) as session, session.begin():
        counts = load_seed(session)
    for key, value in counts.items():
        typer.echo(f"{key}: {value}")


@cli.command()
def worker(
    once: bool = typer.Option(False, "--once", help="Run one pass and exit (for cron)."),
) -> None:
    """Send subscribers their webhooks and email digests, and queue closing reminders."""
    from sqlalchemy.orm import sessionmaker

    from app.core.db import get_engine
    from app.publishing.worker import Worker

    settings = get_settings()
    Worker(sessions=sessionmaker(bind=get_engine(), expire_on_commit=False), settings=settings).run(
        once=once
    )


def main() -> None:
    cli()
