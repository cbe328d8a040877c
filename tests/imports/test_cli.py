"""`signpost import-360giving` and `export-360giving` on a database of their own: reports,
never tracebacks; --repair; the export imports back as a no-op."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.awards.models import Award
from app.cli import cli
from app.core.db import make_engine
from app.imports import cli as import_cli
from app.ops import migrate
from tests.imports.conftest import grant


@pytest.fixture(scope="module")
def cli_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def run(cli_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(import_cli, "get_engine", lambda: cli_engine)
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str]:
        result = runner.invoke(cli, list(args))
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        return result.exit_code, result.output

    return invoke


def _awards(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Award)) or 0


def test_a_file_with_slips_is_refused_then_imported_with_repair(
    run: object, cli_engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "slips.json"
    grants = [grant(501, fromOpenCall="Y"), grant(502, url="www.example.org")]
    path.write_text(json.dumps({"grants": grants}), encoding="utf-8")
    before = _awards(cli_engine)

    code, output = run("import-360giving", str(path))  # type: ignore[operator]
    assert code == 1 and "Traceback" not in output
    assert "would import the file, repairing 2 grants" in output
    assert _awards(cli_engine) == before

    code, output = run("import-360giving", str(path), "--repair")  # type: ignore[operator]
    assert code == 0, output
    assert "fromOpenCall: repaired: 'Y' became 'Yes'" in output
    assert "url: repaired: 'www.example.org' became 'https://www.example.org'" in output
    assert _awards(cli_engine) == before + 2


def test_bad_dates_and_individuals_give_a_report_not_a_traceback(
    run: object, tmp_path: Path
) -> None:
    person = grant(
        601,
        recipientOrganization=None,
        recipientIndividual={"id": "P-1", "name": "Individual Recipient"},
    )
    path = tmp_path / "mixed.json"
    path.write_text(
        json.dumps({"grants": [person, grant(602, awardDate="9999-12-31")]}), encoding="utf-8"
    )
    for flags in ((), ("--dry-run",), ("--skip-invalid", "--dry-run")):
        code, output = run("import-360giving", str(path), *flags)  # type: ignore[operator]
        assert code == (0 if "--dry-run" in flags else 1)
        assert "Traceback" not in output
        assert "awardDate: 9999-12-31 is outside" in output


def test_the_export_imports_back_changing_nothing(
    run: object, cli_engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "some.json"
    path.write_text(json.dumps({"grants": [grant(701), grant(702)]}), encoding="utf-8")
    assert run("import-360giving", str(path))[0] == 0  # type: ignore[operator]
    exported = tmp_path / "export.json"
    assert run("export-360giving", str(exported))[0] == 0  # type: ignore[operator]

    code, output = run("import-360giving", str(exported), "--json")  # type: ignore[operator]

    report = json.loads(output)
    assert code == 0 and report["imported"]
    assert (report["created"], report["updated"]) == (0, 0)
    assert report["unchanged"] == report["rows_read"] > 0
