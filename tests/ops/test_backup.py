"""`signpost backup PATH` / `signpost restore PATH`: a copy taken while readers keep reading
restores the database exactly as it was (SQLite; PostgreSQL with SIGNPOST_TEST_DATABASE_URL)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.awards.models import Award
from app.changes.models import Change
from app.core.db import make_engine
from app.funders.models import Funder
from app.streams.models import FundingStream

ROOT = Path(__file__).resolve().parents[2]


def signpost(url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Runs the real command against `url`."""
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *arguments],
        cwd=ROOT,
        env={**os.environ, "SIGNPOST_DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__tablename__: int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Award, Funder, FundingStream, Change)
        }


def test_a_backup_taken_under_reads_restores_the_database_as_it_was(
    served_database_url: str, tmp_path: Path
) -> None:
    engine = make_engine(served_database_url)
    before = counts(engine)
    stop = threading.Event()
    errors: list[BaseException] = []
    reads: list[int] = []

    def read() -> None:
        while not stop.is_set():
            try:
                with engine.connect() as connection:
                    connection.execute(text("SELECT count(*) FROM awards")).scalar_one()
                reads.append(1)
            except BaseException as exc:  # anything a reader meets is a failure of the test
                errors.append(exc)
                return

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        path = tmp_path / "signpost.backup"
        made = signpost(served_database_url, "backup", str(path))
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert made.returncode == 0, made.stderr
    assert errors == [] and reads
    assert path.is_file() and not path.with_name(path.name + ".partial").exists()

    # A change after the backup, then the restore takes it away again.
    with Session(engine) as session, session.begin():
        session.add(Funder(slug="after-the-backup", name="After", kind=""))
    assert counts(engine)["funders"] == before["funders"] + 1
    engine.dispose()
    restored = signpost(served_database_url, "restore", str(path))
    assert restored.returncode == 0, restored.stderr
    assert counts(engine) == before
    with Session(engine) as session:
        assert session.scalar(select(Funder).where(Funder.slug == "after-the-backup")) is None
    engine.dispose()


def test_a_missing_or_broken_backup_restores_nothing(
    served_database_url: str, tmp_path: Path
) -> None:
    engine = make_engine(served_database_url)
    before = counts(engine)
    engine.dispose()
    missing = signpost(served_database_url, "restore", str(tmp_path / "nothing"))
    assert missing.returncode == 1 and "no backup" in missing.stderr
    broken = tmp_path / "broken"
    broken.write_bytes(b"not a backup at all" * 100)
    refused = signpost(served_database_url, "restore", str(broken))
    assert refused.returncode == 1 and "restore failed" in refused.stderr
    assert counts(engine) == before
    engine.dispose()
