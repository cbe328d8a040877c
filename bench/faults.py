"""Load and faults (issue 12): several uvicorn workers under a mixed load from many clients, then
the same while the server is killed (SIGKILL, every process) and restarted, and while PostgreSQL
is restarted. Reports throughput, p95, the errors clients saw, and checks in the database that
every acknowledged write is there once and none is doubled.

    python -m bench.faults --database sqlite|postgresql [--workers 4] [--clients 32]
        [--seconds 120] [--kill-every 20] [--phases steady,kill,postgres-restart] [--port 8510]

Writes are `POST /v1/awards` with an `Idempotency-Key`; a client that gets no answer, or a 5xx,
sends the same request again with the same key until it is acknowledged (what a careful client
does), so a write whose answer was lost in a crash is either replayed or created once.
Results go to bench/results/faults-<database>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.auth.service import create_key
from app.awards.models import Award
from app.changes.models import Change
from app.core.db import make_engine
from app.ops import migrate
from app.ops.seeding import load_seed
from bench.harness import ROOT
from bench.run import POSTGRES_ADMIN_URL, RESULTS_DIR
from bench.suites.streams import eligibility_call, search_call

PG_DATABASE = "signpost_concurrency_faults"
SQLITE_PATH = ROOT / "bench" / "data" / "faults.db"


def fresh_database(database: str) -> str:
    """An empty database migrated to head and seeded: the same start for every run."""
    if database == "sqlite":
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            SQLITE_PATH.with_name(SQLITE_PATH.name + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{SQLITE_PATH}"
    else:
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{PG_DATABASE}"'))
        admin.dispose()
        url = make_url(POSTGRES_ADMIN_URL).set(database=PG_DATABASE).render_as_string(False)
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        load_seed(session)
    engine.dispose()
    return url


@dataclass
class ServerProcess:
    """`signpost serve --workers N` in a process group of its own, so that a kill takes the
    supervisor and every worker at once, as a crash of the machine's service would."""

    url: str
    port: int
    workers: int
    process: subprocess.Popen[bytes] | None = None
    metrics_dir: str = ""

    def start(self) -> None:
        env = {
            **os.environ,
            "SIGNPOST_DATABASE_URL": self.url,
            "SIGNPOST_LOG_LEVEL": "warning",
            "SIGNPOST_RATE_LIMIT_PER_ADDRESS": "0",
            "SIGNPOST_RATE_LIMIT_PER_KEY": "0",
        }
        # The metrics directory of this start (a killed server cannot remove its own).
        self.metrics_dir = tempfile.mkdtemp(prefix="signpost-faults-metrics-")
        env["PROMETHEUS_MULTIPROC_DIR"] = self.metrics_dir
        command = [sys.executable, "-c", "from app.cli import main; main()", "serve"]
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port), "--workers", str(self.workers)],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 180) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/readyz", timeout=2).is_success:
                    return time.monotonic() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the server did not become ready")

    def kill(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None
            shutil.rmtree(self.metrics_dir, ignore_errors=True)

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None
            shutil.rmtree(self.metrics_dir, ignore_errors=True)


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    acknowledged: set[str] = field(default_factory=set)
    abandoned: set[str] = field(default_factory=set)
    retries: int = 0


def overlap_call(i: int) -> dict[str, Any]:
    return {
        "boroughs": [f"E09{i % 33 + 1:06d}"],
        "activities": ["mentoring"],
        "title": "Mentoring after school",
        "description": "Weekly mentoring for young people at risk of exclusion.",
        "recipient": {"org_id": "GB-CHC-1234567"},
        "amount": 25000,
    }


def award(identifier: str, i: int) -> dict[str, Any]:
    return {
        "id": identifier,
        "funder": "mayors-office-for-policing-and-crime",
        "recipient": {"org_id": f"GB-COH-{i % 500:08d}", "name": f"Faults Trust {i % 500}"},
        "title": "Mentoring for young people",
        "amount": 1000 + i % 9000,
        "award_date": "2026-10-01",
        "boroughs": [f"E09{i % 33 + 1:06d}"],
        "activities": ["mentoring"],
    }


async def client_loop(
    base: str, number: int, run: str, secret: str, stop: float, tally: Tally
) -> None:
    auth = {"Authorization": f"Bearer {secret}"}
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        i = number * 1_000_000
        while time.monotonic() < stop:
            i += 1
            kind = ("search", "search", "search", "search", "eligibility", "eligibility",
                    "overlap", "overlap", "write", "write")[i % 10]  # fmt: skip
            if kind == "write":
                await write(client, f"360G-faults-{run}-{number}-{i}", i, auth, stop, tally)
                continue
            if kind == "search":
                call = search_call(i)
                request = client.build_request(call.method, call.path, params=call.params)
            elif kind == "eligibility":
                request = client.build_request(
                    "POST", "/v1/eligibility", json=eligibility_call(i).json
                )
            else:
                request = client.build_request("POST", "/v1/overlap/check", json=overlap_call(i))
            await send(client, request, kind, tally)


async def send(client: httpx.AsyncClient, request: httpx.Request, kind: str, tally: Tally) -> int:
    """Sends once; returns the status (0: no answer) and records latency or the error."""
    started = time.perf_counter()
    try:
        response = await client.send(request)
    except httpx.HTTPError as exc:
        tally.errors[f"{kind}: {type(exc).__name__}"] += 1
        await asyncio.sleep(0.2)
        return 0
    tally.latencies[kind].append((time.perf_counter() - started) * 1000)
    if response.status_code >= 500 or response.status_code in (400, 404, 409, 422):
        tally.errors[f"{kind}: {response.status_code}"] += 1
    return response.status_code


async def write(
    client: httpx.AsyncClient,
    identifier: str,
    i: int,
    auth: dict[str, str],
    stop: float,
    tally: Tally,
) -> None:
    headers = {**auth, "Idempotency-Key": identifier}
    body = award(identifier, i)
    # A write is retried with the same key until acknowledged, for up to a minute past the end.
    while time.monotonic() < stop + 60:
        status = await send(
            client,
            client.build_request("POST", "/v1/awards", json=body, headers=headers),
            "write",
            tally,
        )
        if status == 201:
            tally.acknowledged.add(identifier)
            return
        if 400 <= status < 500 and status != 429:
            break
        tally.retries += 1
    tally.abandoned.add(identifier)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]
        if ordered
        else 0.0
    )


async def phase(
    name: str, server: ServerProcess, args: argparse.Namespace, run: str, secret: str
) -> dict[str, Any]:
    tally = Tally()
    base = f"http://127.0.0.1:{server.port}"
    started = time.monotonic()
    stop = started + args.seconds
    clients = [
        asyncio.create_task(client_loop(base, n, f"{run}-{name}", secret, stop, tally))
        for n in range(args.clients)
    ]
    faults: list[str] = []
    loop = asyncio.get_running_loop()
    if name == "kill":
        while time.monotonic() + args.kill_every < stop:
            await asyncio.sleep(args.kill_every)
            server.kill()
            server.start()
            ready = await loop.run_in_executor(None, server.wait_ready)
            faults.append(
                f"killed at {time.monotonic() - started:.0f} s, ready after {ready:.1f} s"
            )
    elif name == "postgres-restart":
        await asyncio.sleep(args.seconds / 3)
        began = time.monotonic()
        await loop.run_in_executor(None, restart_postgres)
        faults.append(
            f"PostgreSQL restarted at {began - started:.0f} s in {time.monotonic() - began:.1f} s"
        )
    await asyncio.gather(*clients)
    elapsed = time.monotonic() - started
    answered = sum(len(v) for v in tally.latencies.values())
    return {
        "phase": name,
        "seconds": round(elapsed, 1),
        "requests_answered": answered,
        "throughput_rps": round(answered / elapsed, 1),
        "p50_ms": {k: round(percentile(v, 50), 1) for k, v in sorted(tally.latencies.items())},
        "p95_ms": {k: round(percentile(v, 95), 1) for k, v in sorted(tally.latencies.items())},
        "p95_all_ms": round(percentile([x for v in tally.latencies.values() for x in v], 95), 1),
        "client_errors": dict(sorted(tally.errors.items())),
        "write_retries": tally.retries,
        "faults": faults,
        "acknowledged": sorted(tally.acknowledged),
        "abandoned": sorted(tally.abandoned),
    }


def restart_postgres() -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"], check=True
    )


def count_check(url: str, run: str, results: list[dict[str, Any]]) -> dict[str, Any]:
    """Every acknowledged write present exactly once, created once in the change log."""
    acknowledged = {i for r in results for i in r.pop("acknowledged")}
    abandoned = {i for r in results for i in r.pop("abandoned")}
    engine = make_engine(url)
    prefix = f"360G-faults-{run}-%"
    with Session(engine) as session:
        rows = Counter(
            session.scalars(select(Award.identifier).where(Award.identifier.like(prefix)))
        )
        creates = Counter(
            session.scalars(
                select(Change.resource_id).where(
                    Change.resource == "award",
                    Change.action == "create",
                    Change.resource_id.like(prefix),
                )
            )
        )
        total = session.scalar(select(func.count()).select_from(Award))
    engine.dispose()
    return {
        "acknowledged": len(acknowledged),
        "acknowledged_missing": len(acknowledged - set(rows)),
        "present_more_than_once": sum(1 for n in rows.values() if n > 1),
        "created_more_than_once_in_log": sum(1 for n in creates.values() if n > 1),
        "present_but_never_acknowledged": len(set(rows) - acknowledged),
        "abandoned": len(abandoned),
        "awards_in_database": total,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--kill-every", type=float, default=20)
    parser.add_argument("--port", type=int, default=8510)
    parser.add_argument("--phases", default="steady,kill,postgres-restart")
    args = parser.parse_args()
    phases = [
        p
        for p in args.phases.split(",")
        if p != "postgres-restart" or args.database == "postgresql"
    ]
    url = fresh_database(args.database)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        secret = create_key(session=session, name="bench-faults", role="admin").secret
    engine.dispose()
    run = uuid.uuid4().hex[:6]
    server = ServerProcess(url, args.port, args.workers)
    server.start()
    server.wait_ready()
    results = []
    try:
        for name in phases:
            print(f"phase {name}: {args.clients} clients, {args.seconds:.0f} s", flush=True)
            results.append(asyncio.run(phase(name, server, args, run, secret)))
            print(
                json.dumps(
                    {k: v for k, v in results[-1].items() if k not in ("acknowledged", "abandoned")}
                ),
                flush=True,
            )
    finally:
        server.stop()
    check = count_check(url, run, results)
    report = {
        "database": args.database,
        "workers": args.workers,
        "clients": args.clients,
        "phases": results,
        "count_check": check,
    }
    print(json.dumps(check), flush=True)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"faults-{args.database}.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
