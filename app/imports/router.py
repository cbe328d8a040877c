"""POST /v1/imports/360giving: a 360Giving file in, an import report out."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from starlette.datastructures import UploadFile

from app.config import get_settings
from app.db import SessionDep
from app.errors import InvalidInput, Unauthorized
from app.imports.reader import FileFormat, guess_format, iter_file
from app.imports.schemas import ImportReport
from app.imports.service import import_grants

router = APIRouter(prefix="/v1/imports", tags=["imports"])


def require_import_permission(
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> None:
    """Lets an import through only with a valid key; fails closed.

    INTERIM until the API keys and roles of issue 5 are merged: the one accepted key is the
    `SIGNPOST_ADMIN_TOKEN` setting (as `Authorization: Bearer <token>` or `X-API-Key`); with no
    token configured nothing is accepted. At merge this becomes "admin key, or a funder key
    importing only grants of its own funding organisation".
    """
    expected = get_settings().admin_token
    presented = x_api_key
    if authorization and authorization.lower().startswith("bearer "):
        presented = authorization[7:].strip()
    if not expected or not presented or not secrets.compare_digest(presented, expected):
        raise Unauthorized("Importing needs an admin API key.")


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


@router.post(
    "/360giving",
    response_model=ImportReport,
    dependencies=[Depends(require_import_permission)],
)
async def import_360giving(
    request: Request,
    session: SessionDep,
    dry_run: bool = False,
    skip_invalid: bool = False,
    file_format: Annotated[str | None, Query(alias="format", pattern="^(json|csv|xlsx)$")] = None,
) -> ImportReport:
    """Imports a 360Giving file (JSON package or list, CSV or XLSX with the standard's titles),
    sent as multipart field `file` or as the raw body. A file with any refused row imports
    nothing (unless `skip_invalid`) and answers 422 with the rows, fields and reasons."""
    with tempfile.TemporaryDirectory(prefix="signpost-upload-") as work:
        path, name = await _save_body(request, Path(work))
        chosen = _format(request.headers.get("content-type", ""), name, file_format)
        report = import_grants(
            session=session,
            grants=iter_file(path, chosen),
            file_name=name,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
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
        super().__init__(
            f"{report.rejected} of {report.rows_read} grants were refused; nothing was imported.",
            errors=errors,
        )
