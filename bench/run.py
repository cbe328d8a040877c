"""`make bench`: generate data, serve the app with uvicorn, drive it over HTTP, print figures.

    python -m bench.run [--suite NAME ...] [--database sqlite|postgresql] [--seed N] [--regenerate]

Generated databases are kept under bench/data/ (SQLite) or as `signpost_bench_<suite>`
(PostgreSQL) and reused while the marker of the suite, seed and migration head matches.
Results are printed and written to bench/results/<suite>-<database>.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.ops import migrate
from app.ops.server import serve
from bench.harness import ROOT, print_table
from bench.suites import SUITES, load

POSTGRES_ADMIN_URL = os.environ.get(
    "SIGNPOST_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
DATA_DIR = ROOT / "bench" / "data"
RESULTS_DIR = ROOT / "bench" / "results"


def _database_url(suite: str, database: str, *, regenerate: bool) -> tuple[str, bool]:
    """Returns the suite's database URL and whether it must be (re)generated."""
    if database == "sqlite":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path = DATA_DIR / f"{suite}.db"
        if regenerate:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}", not path.exists()
    name = f"signpost_bench_{suite}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        )
        if exists and regenerate:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            exists = False
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    return url, not exists


def _schema_fingerprint() -> str:
    """Changes whenever a migration file does (not only when a new head appears)."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "migrations" / "versions").glob("*.py")):
        digest.update(path.read_bytes())
    return f"{','.join(migrate.heads())}:{digest.hexdigest()[:16]}"


def _marker_ok(url: str, expected: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            value = connection.scalar(text("SELECT value FROM bench_marker"))
        return bool(value == expected)
    except Exception:
        return False
    finally:
        engine.dispose()


def _write_marker(url: str, value: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS bench_marker"))
        connection.execute(text("CREATE TABLE bench_marker (value VARCHAR(200))"))
        connection.execute(text("INSERT INTO bench_marker VALUES (:v)"), {"v": value})
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", action="append", choices=sorted(SUITES), help="default: all")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    for name in args.suite or sorted(SUITES):
        suite = load(name)
        marker = f"{name}:{args.seed}:{_schema_fingerprint()}"
        url, fresh = _database_url(name, args.database, regenerate=args.regenerate)
        if fresh or not _marker_ok(url, marker):
            if not fresh:
                url, _ = _database_url(name, args.database, regenerate=True)
            print(f"generating data for {name} on {args.database} …", flush=True)
            migrate.upgrade(url)
            suite.prepare(url, seed=args.seed)
            _write_marker(url, marker)
        with serve(url) as server:
            results = suite.run(server)
            peak = server.peak_rss_mb()
        print_table(results, header=f"{name} on {args.database} (server peak RSS {peak:.0f} MB)")
        report = {
            "suite": name,
            "database": args.database,
            "seed": args.seed,
            "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.python_version()}",
            "server_peak_rss_mb": round(peak, 1),
            "results": [r.summary() for r in results],
        }
        out = RESULTS_DIR / f"{name}-{args.database}.json"
        out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
