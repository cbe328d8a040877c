"""POST /v1/imports/360giving: a 360Giving file in, an import report out."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from app.auth.dependencies import PrincipalDep
from app.auth.scopes import Principal
from app.core.errors import Forbidden, InvalidInput
from app.funders.models import Funder
from app.http.sessions import SessionDep
from app.imports.reader import FileFormat, guess_format, iter_file
from app.imports.schemas import ImportReport, refusal_summary
from app.imports.service import import_grants

router = APIRouter(prefix="/v1/imports", tags=["imports"])


def _funder_org_ids(session: Session, principal: Principal) -> frozenset[str] | None:
    """The funding organisations a key may import grants of: any for an admin, its own funders'
    org-ids for a funder key; a commissioner key may not import."""
    if principal.role == "admin":
        return None
    if principal.role != "funder":
        raise Forbidden(f"Key {principal.name!r} ({principal.role}) may not import grants.")
    return frozenset(
        org_id
        for org_id in session.scalars(
            select(Funder.org_id).where(Funder.slug.in_(principal.funders))
        )
        if org_id is not None
    )


async def _save_body(request: Request, directory: Path) -> tuple[Path, str]:
    """Writes the upload (multipart field `file`, or the raw body) to a file; returns it and its
    name."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        async with request.form() as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise InvalidInput.field(
                    ["body", "file"], "Send the 360Giving file as field 'file'."
                )
            name = Path(upload.filename or "upload.json").name
            path = directory / name
            with path.open("wb") as out:
                shutil.copyfileobj(upload.file, out)
            return path, name
    path = directory / "upload"
    with path.open("wb") as out:
        async for chunk in request.stream():
            out.write(chunk)
    return path, "upload"


def _format(content_type: str, name: str, explicit: str | None) -> FileFormat:
    if explicit:
        return explicit  # type: ignore[return-value]
    if "csv" in content_type:
        return "csv"
    if "spreadsheetml" in content_type:
        return "xlsx"
    return guess_format(name)


@router.post("/360giving", response_model=ImportReport)
async def import_360giving(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    dry_run: bool = False,
    skip_invalid: bool = False,
    repair: bool = False,
    file_format: Annotated[str | None, Query(alias="format", pattern="^(json|csv|xlsx)$")] = None,
) -> ImportReport:
    """Imports a 360Giving file (JSON package or list, CSV or XLSX with the standard's titles),
    sent as multipart field `file` or as the raw body. A file with any refused row imports
    nothing (unless `skip_invalid`) and answers 422 with the rows, fields and reasons (and how
    many grants `repair=true` would fix). `repair=true` fixes well-known slips in optional
    fields and lists each repair among the warnings. Needs an admin key, or a funder key, which
    may import only grants of its own funders."""
    funder_org_ids = _funder_org_ids(session, principal)
    with tempfile.TemporaryDirectory(prefix="signpost-upload-") as work:
        path, name = await _save_body(request, Path(work))
        chosen = _format(request.headers.get("content-type", ""), name, file_format)
        report = import_grants(
            session=session,
            grants=iter_file(path, chosen),
            file_name=name,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            repair=repair,
            actor=principal.name,
            funder_org_ids=funder_org_ids,
        )
    if not report.imported and not dry_run:
        raise ImportRefused(report)
    return report


class ImportRefused(InvalidInput):
    """A refused import: 422 listing each refused row, and nothing written."""

    def __init__(self, report: ImportReport) -> None:
        errors = [
            {
                "loc": ["file", p.row if p.row is not None else "", p.field],
                "msg": p.reason,
                "row": p.row,
                "id": p.id,
                "field": p.field,
            }
            for p in report.rejections
        ]
        super().__init__(refusal_summary(report), errors=errors)
