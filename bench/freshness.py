"""The first search after start and after a stream write, in process (no HTTP).

    python -m bench.freshness [--database-url URL] [--writes N]

Works on a copy of the streams suite's SQLite database (bench/data/streams.db, made by
`python -m bench.run --suite streams`), brought to the latest migration, so the bench data stay
as generated. Prints: the start-up load (what `/readyz` waits for), the first search after it
and a warm one with a query not seen before, then for each of N writes (a stream renamed, moved
to another closing date, committed) the first search after it, wall-clock and CPU time of the
thread (the CPU figure is what a shared machine disturbs least).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.harness import ROOT


def _timed(run: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.thread_time()
    run()
    return (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=str(ROOT / "bench" / "data" / "streams.db"))
    parser.add_argument("--writes", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="signpost-freshness-"))
    copy = work / "streams.db"
    shutil.copy(args.database, copy)
    url = f"sqlite:///{copy}"
    os.environ["SIGNPOST_DATABASE_URL"] = url

    from sqlalchemy import select

    from app.core.cursors import FIRST_PAGE
    from app.core.db import _session_factory, get_engine
    from app.ops import migrate
    from app.streams import service, warmup
    from app.streams.catalogue import current_catalogue
    from app.streams.filters import StreamFilters
    from app.streams.models import FundingStream
    from app.streams.search_index import reindex_streams

    migrate.upgrade(url)
    sessions = _session_factory(get_engine())
    today = dt.date.today()

    def search(q: str) -> Callable[[], Any]:
        def run() -> Any:
            with sessions() as session:
                catalogue = current_catalogue(session)
                return service.search_page(
                    session=session,
                    filters=StreamFilters(q=q, boroughs=["E09000001"]),
                    sort=None,
                    limit=20,
                    cursor=FIRST_PAGE,
                    today=today,
                    every_value=catalogue.every_value,
                    catalogue=catalogue,
                )

        return run

    def warm() -> None:
        with sessions() as session:
            warmup.warm(session)

    # A first write: a database migrated from before the log holds no entry for its version.
    def write(n: int) -> None:
        with sessions() as session, session.begin():
            stream = session.scalars(
                select(FundingStream).where(FundingStream.deleted_at.is_(None)).offset(n * 37)
            ).first()
            assert stream is not None
            stream.name = f"{stream.name} Renamed {n}"
            stream.closes_on = today + dt.timedelta(days=n % 40)
            session.flush()
            reindex_streams(session, [stream.pk])

    write(0)
    print(f"start-up load (catalogue, snapshot, rendering): {_timed(warm)[0]:8.1f} ms")
    for label, q in (("first search after start", "mentoring"), ("warm search, new query", "arts")):
        wall, cpu = _timed(search(q))
        print(f"{label:26} (wall, CPU ms): {wall:8.1f} {cpu:8.1f}")
    after = []
    for n in range(1, args.writes + 1):
        write(n)
        after.append(_timed(search("youth" if n % 2 else "safer")))
    walls, cpus = [a[0] for a in after], [a[1] for a in after]
    print(
        f"first search after a write, {len(after)} writes (wall, CPU ms): "
        f"median {statistics.median(walls):.1f} / {statistics.median(cpus):.1f}, "
        f"max {max(walls):.1f} / {max(cpus):.1f}"
    )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
