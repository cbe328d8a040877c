"""Reads grants one at a time from a 360Giving file: JSON (a package or a bare list), CSV or
XLSX with the standard's column titles. Nothing holds the whole file's grants in memory: JSON is
parsed as a stream (ijson); spreadsheets go through flattentool, the standard's own converter, into
a temporary JSON file that is then streamed the same way.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Literal

import ijson

from app.imports.standard import SCHEMA_DIR

FileFormat = Literal["json", "csv", "xlsx"]
FORMATS: tuple[str, ...] = ("json", "csv", "xlsx")


class ReadError(ValueError):
    """The file cannot be read as 360Giving data (bad JSON, cut short, not a spreadsheet …)."""

    def __init__(self, reason: str, *, row: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.row = row


def guess_format(name: str) -> FileFormat:
    """The format a file name's extension says; JSON when it says nothing we know."""
    suffix = Path(name).suffix.lower().lstrip(".")
    return suffix if suffix in ("csv", "xlsx") else "json"  # type: ignore[return-value]


def _first_byte(stream: BinaryIO) -> bytes:
    while True:
        byte = stream.read(1)
        if not byte or (not byte.isspace() and byte != b"\xef"):
            return byte
        if byte == b"\xef":  # a UTF-8 byte order mark
            stream.read(2)


def iter_json(stream: BinaryIO) -> Iterator[tuple[int, Any]]:
    """Yields (grant number from 1, grant) from a package `{"grants": [...]}` or a bare list."""
    first = _first_byte(stream)
    if first not in (b"[", b"{"):
        raise ReadError("the file is not JSON: it must start with '{' or '['", row=None)
    prefix = "item" if first == b"[" else "grants.item"
    stream.seek(stream.tell() - 1)
    row = 0
    try:
        # Numbers arrive as floats (5x cheaper than Decimal at a million grants) and the grant
        # is plain JSON; amounts still convert to pence exactly, through their shortest decimal
        # spelling (mapping.to_pence).
        items = ijson.items(stream, prefix, use_float=True)
        for row, grant in enumerate(items, start=1):
            yield row, grant
    except ijson.JSONError as exc:
        reason = f"the JSON is broken or cut short after grant {row}: {exc}"
        raise ReadError(reason, row=row + 1) from exc
    if row == 0 and first == b"{":
        raise ReadError("the package has no grants (it needs a non-empty 'grants' array)")


def _unflatten(path: Path, file_format: FileFormat, work: Path) -> Path:
    from flattentool import unflatten
    from flattentool.exceptions import DataErrorWarning

    source = path
    if file_format == "csv":
        # flattentool reads a folder of CSV sheets; the grants sheet is the main one.
        source = work / "sheets"
        source.mkdir()
        shutil.copyfile(path, source / "grants.csv")
    output = work / "grants.json"
    with warnings.catch_warnings():
        # Cells of the wrong type are left as text; the schema check then names them.
        warnings.simplefilter("ignore", DataErrorWarning)
        try:
            unflatten(
                str(source),
                output_name=str(output),
                input_format=file_format,
                root_list_path="grants",
                id_name="id",
                schema=str(SCHEMA_DIR / "360-giving-schema.json"),
                convert_titles=True,
            )
        except Exception as exc:  # flattentool raises many kinds for an unreadable sheet
            raise ReadError(f"the {file_format.upper()} file cannot be read: {exc}") from exc
    return output


def iter_file(path: Path, file_format: FileFormat | None = None) -> Iterator[tuple[int, Any]]:
    """Yields (grant number from 1, grant) from a 360Giving file of any supported format."""
    file_format = file_format or guess_format(path.name)
    if file_format == "json":
        with path.open("rb") as stream:
            yield from iter_json(stream)
        return
    with (
        tempfile.TemporaryDirectory(prefix="signpost-import-") as work,
        _unflatten(path, file_format, Path(work)).open("rb") as stream,
    ):
        yield from iter_json(stream)
