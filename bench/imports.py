"""`make bench-import`: time `signpost import-360giving` on a million generated grants.

    python -m bench.imports [--count N] [--regenerate]

Generates bench/data/grants-<N>.json once (seeded, reproducible), migrates and seeds a fresh
SQLite database, runs the import command in a child process and reports wall time, rate and the
child's peak RSS (getrusage RUSAGE_CHILDREN). Run it under `flock /tmp/signpost-bench.lock`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import ROOT
from bench.suites.imports import generate

DATA = ROOT / "bench" / "data"


def _signpost(args: list[str], url: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"SIGNPOST_DATABASE_URL": url}
    command = [sys.executable, "-c", "from app.cli import main; main()", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def fresh_database(database: Path) -> str:
    """A new SQLite database at `database`, migrated and seeded; its URL."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    for step in (["db", "upgrade"], ["seed"]):
        done = _signpost(step, url)
        if done.returncode:
            sys.exit(done.stderr)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--regenerate", action="store_true")
    options = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    source = DATA / f"grants-{options.count}.json"
    if options.regenerate or not source.exists():
        started = time.perf_counter()
        generate(source, options.count)
        print(f"generated {source} in {time.perf_counter() - started:.1f}s")
    url = fresh_database(DATA / "imports.db")

    started = time.perf_counter()
    done = _signpost(["import-360giving", "--json", str(source)], url)
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(done.stdout[-2000:] + done.stderr[-2000:])
    report = json.loads(done.stdout)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {
        "grants": options.count,
        "file_mb": round(source.stat().st_size / 2**20, 1),
        "seconds": round(seconds, 1),
        "grants_per_second": round(options.count / seconds),
        "peak_rss_mb": round(peak_mb, 1),
        "created": report["created"],
        "rejected": report["rejected"],
    }
    print(json.dumps(result, indent=2))
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "imports-sqlite.json").write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
