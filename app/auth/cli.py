"""`signpost keys create|list|revoke`."""

from __future__ import annotations

import typer
from sqlalchemy.orm import Session

from app.auth import service
from app.core.db import get_engine
from app.core.errors import SignpostError

keys_cli = typer.Typer(help="API keys for the write API.", no_args_is_help=True)


@keys_cli.command("create")
def create(
    name: str = typer.Option(..., help="Who the key is for; credited in the change log."),
    role: str = typer.Option(..., help="admin, funder or commissioner."),
    funder: list[str] = typer.Option([], help="A funder id a funder key may write (repeatable)."),
    borough: list[str] = typer.Option([], help="A GSS code a commissioner answers for."),
) -> None:
    """Create a key. It is printed once: it is stored only as a hash."""
    try:
        with Session(get_engine()) as session, session.begin():
            new = service.create_key(
                session=session, name=name, role=role, funders=funder, boroughs=borough
            )
    except SignpostError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(new.secret)
    typer.echo(f"Key {name!r} ({role}) created. Keep it now: it cannot be shown again.", err=True)


@keys_cli.command("list")
def list_() -> None:
    """List keys (never the keys themselves): name, role, scope, prefix, state."""
    with Session(get_engine()) as session:
        for key in service.list_keys(session=session):
            scope = [f.funder.slug for f in key.funders] + [b.gss_code for b in key.boroughs]
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            typer.echo(f"{key.name}\t{key.role}\t{','.join(scope) or '-'}\t{key.prefix}…\t{state}")


@keys_cli.command("revoke")
def revoke(name: str = typer.Argument(..., help="The key's name.")) -> None:
    """Revoke a key; it stops working at once."""
    try:
        with Session(get_engine()) as session, session.begin():
            service.revoke_key(session=session, name=name)
    except SignpostError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(f"Key {name!r} revoked.")
